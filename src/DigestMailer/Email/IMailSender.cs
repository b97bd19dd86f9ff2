using MimeKit;

namespace DigestMailer.Email;

/// <summary>Where mail goes: an SMTP relay or a pickup folder. A session is one connection, reused for a batch.</summary>
public interface IMailSender
{
    Task<IMailSession> OpenSessionAsync(CancellationToken cancellationToken);
}

public interface IMailSession : IAsyncDisposable
{
    /// <summary>
    /// Sends one message. A <see cref="MailKit.Net.Smtp.SmtpCommandException"/> concerns this message only (carry on);
    /// an <see cref="IOException"/> or <see cref="MailKit.Net.Smtp.SmtpProtocolException"/> means the session is broken.
    /// </summary>
    /// <param name="returnPath">The envelope sender (MAIL FROM) bounces go to; null for the From address.</param>
    Task SendAsync(MimeMessage message, MailboxAddress? returnPath, CancellationToken cancellationToken);
}
