using Microsoft.Extensions.Options;
using MimeKit;

namespace DigestMailer.Email;

/// <summary>Writes each message as an .eml file, for running without an SMTP relay.</summary>
public sealed class PickupDirectoryMailSender(IOptions<SmtpOptions> options, TimeProvider time) : IMailSender
{
    public Task<IMailSession> OpenSessionAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(options.Value.PickupDirectory);
        Directory.CreateDirectory(directory);
        return Task.FromResult<IMailSession>(new Session(directory, time));
    }

    sealed class Session(string directory, TimeProvider time) : IMailSession
    {
        // The envelope sender has no place in a pickup file; the MTA that picks it up chooses its own.
        public async Task SendAsync(MimeMessage message, MailboxAddress? returnPath, CancellationToken cancellationToken)
        {
            var name = $"{time.GetUtcNow():yyyyMMdd'T'HHmmss}-{Guid.NewGuid():N}";
            var temporary = Path.Combine(directory, name + ".tmp");
            // Written under a temporary name and renamed, so a reader of the folder never sees half a message.
            await message.WriteToAsync(temporary, cancellationToken);
            File.Move(temporary, Path.Combine(directory, name + ".eml"));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
