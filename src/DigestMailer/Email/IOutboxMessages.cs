using MimeKit;

namespace DigestMailer.Email;

/// <summary>A queued outbox row turned into its message, or the reason it can never be sent.</summary>
public sealed record OutboxContent(MimeMessage? Message, string? Unsendable)
{
    public static OutboxContent Of(MimeMessage message) => new(message, null);

    public static OutboxContent Never(string reason) => new(null, reason);
}

/// <summary>
/// Builds the message of a queued outbox row when it is sent. Email owns the outbox and the sending; the feature whose
/// mail is queued (the sign-up confirmation, the lost-link mail) implements this, so Email depends on no feature.
/// </summary>
public interface IOutboxMessages
{
    Task<OutboxContent> BuildAsync(string kind, long subscriberId, CancellationToken cancellationToken);

    /// <summary>The relay refused the subscriber's mailbox for good (a 5.1.x at RCPT): the address gets no more mail.</summary>
    Task MailboxRefusedAsync(long subscriberId, CancellationToken cancellationToken);
}
