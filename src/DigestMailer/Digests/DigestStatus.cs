namespace DigestMailer.Digests;

/// <summary>The states of a digest in the ledger (digests.status); Digests owns the table.</summary>
/// <remarks>
/// Queries pass these as parameters. The one exception is a filter on the unsent states written as the literal
/// <c>status IN ('pending', 'sending')</c>: SQLite uses the partial index ix_digests_unsent only for a WHERE term
/// that repeats the index's own predicate word for word, which a parameter is not.
/// </remarks>
public static class DigestStatus
{
    public const string Pending = "pending";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Skipped = "skipped";
    public const string Failed = "failed";
}
