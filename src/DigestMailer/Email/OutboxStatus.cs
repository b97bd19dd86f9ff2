namespace DigestMailer.Email;

/// <summary>The states of a queued mail (mail_outbox.status); Email owns the table.</summary>
public static class OutboxStatus
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
}
