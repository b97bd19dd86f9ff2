using MimeKit;

namespace DigestMailer.Email;

/// <summary>
/// Opens the connection on the first send, so a batch with nothing to send never connects. A stop (a deploy, SIGTERM)
/// lets the message on the wire finish: cut off before the relay answers, a message the relay accepts would be handed
/// back as unsent and go out twice.
/// </summary>
public sealed class LazyMailSession(IMailSender sender) : IAsyncDisposable
{
    /// <summary>How long a stop waits for the relay's answer; within Hangfire's and the host's shutdown timeouts.</summary>
    internal static readonly TimeSpan AnswerGraceOnStop = TimeSpan.FromSeconds(5);

    IMailSession? session;

    public async Task SendAsync(MimeMessage message, MailboxAddress? returnPath, CancellationToken stopping)
    {
        session ??= await sender.OpenSessionAsync(stopping);
        // Checked after connecting too: a message begun after the stop would have only what is left of the grace.
        stopping.ThrowIfCancellationRequested();
        using var onTheWire = new CancellationTokenSource();
        await using (stopping.Register(() => onTheWire.CancelAfter(AnswerGraceOnStop)))
        {
            await session.SendAsync(message, returnPath, onTheWire.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (session is not null)
        {
            await session.DisposeAsync();
        }
    }
}
