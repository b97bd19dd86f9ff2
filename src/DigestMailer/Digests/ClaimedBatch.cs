using DigestMailer.Data;
using DigestMailer.Subscriptions;

namespace DigestMailer.Digests;

/// <summary>
/// One job run's hold on the digests it claimed, and the marks it records as it sends them. Every mark is its own
/// statement, committed before the next message goes out, and conditional on the claim: a digest another job has
/// taken over is left alone.
/// </summary>
/// <remarks>
/// The claim is renewed for all the batch's remaining digests at once, and only when the last renewal is older than
/// a tenth of StaleSendingAfter, instead of once per message. A digest is sent only while the last renewal that
/// covered it is younger than that, so another job, which takes a claim over only once it is StaleSendingAfter old,
/// cannot have taken it: a send has the other nine tenths (9 minutes by default) to reach the relay.
/// </remarks>
public sealed class ClaimedBatch
{
    const string SetStatus =
        """
        UPDATE digests
        SET status = @status, last_error = @error, claimed_at = NULL, claim_id = NULL,
            sent_at = CASE WHEN @status = @sent THEN @now ELSE sent_at END
        WHERE id = @id AND status = @sending AND claim_id = @claimId
        """;

    const string Renew = "UPDATE digests SET claimed_at = @now WHERE claim_id = @claimId AND status = @sending RETURNING id";

    readonly LedgerWriter writer;
    readonly TimeProvider time;
    readonly TimeSpan renewEvery;
    readonly string claimId;
    HashSet<long> owned;
    DateTimeOffset renewedAt;

    internal ClaimedBatch(LedgerWriter writer, DigestClaim claim, TimeSpan staleSendingAfter, TimeProvider time)
    {
        this.writer = writer;
        this.time = time;
        renewEvery = staleSendingAfter / 10;
        claimId = claim.ClaimId;
        owned = [.. claim.Ids];
        renewedAt = claim.ClaimedAt;
    }

    /// <summary>
    /// Whether this job still holds the digest and may send it now; false for a digest another job has taken over as
    /// stale. When the last renewal is due, first renews the claim on every digest the batch still holds.
    /// </summary>
    public async Task<bool> OwnsAsync(long id)
    {
        var now = time.GetUtcNow();
        if (now - renewedAt >= renewEvery)
        {
            owned = [.. await writer.QueryIdsAsync(Renew, CancellationToken.None, ("@now", UnixMs.From(now)), ("@claimId", claimId), ("@sending", DigestStatus.Sending))];
            renewedAt = now;
        }

        return owned.Contains(id);
    }

    // Outcomes are recorded without the job's cancellation token: a message that went out must be marked sent
    // even while the server shuts down.
    public Task MarkSentAsync(long id) => SetAsync(id, DigestStatus.Sent, null);

    public Task MarkSkippedAsync(long id, string reason) => SetAsync(id, DigestStatus.Skipped, reason);

    public Task MarkFailedAsync(long id, string error) => SetAsync(id, DigestStatus.Failed, error);

    /// <summary>Puts the digest back to pending, for a later run to send.</summary>
    public Task ReleaseAsync(long id, string error) => SetAsync(id, DigestStatus.Pending, error);

    public Task MarkBouncedAsync(long subscriberId) => writer.ExecuteAsync(
        SubscriberStatus.MarkRefusedSql,
        CancellationToken.None,
        ("@subscriberId", subscriberId),
        ("@Active", SubscriberStatus.Active),
        ("@Bounced", SubscriberStatus.Bounced));

    async Task SetAsync(long id, string status, string? error)
    {
        await writer.ExecuteAsync(
            SetStatus,
            CancellationToken.None,
            ("@status", status),
            ("@error", error),
            ("@now", UnixMs.From(time.GetUtcNow())),
            ("@id", id),
            ("@claimId", claimId),
            ("@sent", DigestStatus.Sent),
            ("@sending", DigestStatus.Sending));
        owned.Remove(id);
    }
}
