using MimeKit;

namespace DigestMailer.Email;

/// <summary>Opens the connection with the first message, so a batch with nothing left to send opens none.</summary>
public sealed class LazyMailSession(IMailSender sender) : IAsyncDisposable
{
    IMailSession? session;

    public async Task SendAsync(MimeMessage message, MailboxAddress? returnPath, CancellationToken cancellationToken)
    {
        session ??= await sender.OpenSessionAsync(cancellationToken);
        await session.SendAsync(message, returnPath, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (session is not null)
        {
            await session.DisposeAsync();
        }
    }
}
