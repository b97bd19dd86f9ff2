namespace DigestMailer.Subscriptions;

/// <summary>
/// The states of a subscriber (subscribers.status), and the statements by which delivery changes them. Subscriptions
/// owns the table; sending and bounce handling run these statements inside their own transactions.
/// </summary>
public static class SubscriberStatus
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Unsubscribed = "unsubscribed";
    public const string Bounced = "bounced";

    /// <summary>The relay refused the address for good while a digest was sent (@subscriberId, @Active, @Bounced).</summary>
    public const string MarkRefusedSql = "UPDATE subscribers SET status = @Bounced WHERE id = @subscriberId AND status = @Active";

    /// <summary>
    /// A hard bounce, or soft bounces past the limit, reported after the relay took the mail (@subscriberId, @Active,
    /// @Pending, @Bounced).
    /// </summary>
    public const string SuppressSql = "UPDATE subscribers SET status = @Bounced WHERE id = @subscriberId AND status IN (@Active, @Pending)";

    /// <summary>
    /// A complaint is the reader's wish, stronger than a bounce: unsubscribed, as the one-click link does (@subscriberId,
    /// @now, @Unsubscribed).
    /// </summary>
    public const string UnsubscribeSql =
        "UPDATE subscribers SET status = @Unsubscribed, unsubscribed_at = @now WHERE id = @subscriberId AND status <> @Unsubscribed";

    /// <summary>
    /// The parameters of these statements through Dapper: the subscriber, the time and the states they name (Dapper
    /// sends only those a statement uses).
    /// </summary>
    public static object Parameters(long subscriberId, DateTimeOffset now) =>
        new { subscriberId, now, Active, Pending, Bounced, Unsubscribed };

    /// <summary>The address and status after a change (@subscriberId).</summary>
    public const string AddressAndStatusSql = "SELECT email, status FROM subscribers WHERE id = @subscriberId";
}
