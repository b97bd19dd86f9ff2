using System.Data.Common;
using Dapper;
using DigestMailer.Data;
using DigestMailer.Jobs;

namespace DigestMailer.Email;

public sealed class OutboxMessage
{
    public long Id { get; init; }

    public string Kind { get; init; } = "";

    public long SubscriberId { get; init; }

    public int Attempts { get; init; }
}

public sealed record OutboxClaim(string ClaimId, IReadOnlyList<OutboxMessage> Messages);

/// <summary>
/// The mail_outbox table: mail queued by a committed request, claimed and sent by <see cref="OutboxDispatcher"/>.
/// Every outcome is recorded only under the claim that sent it.
/// </summary>
public sealed class MailOutbox(DbConnectionFactory connections, TimeProvider time)
{
    static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(5);
    static readonly RetryBackoff Retry = new(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

    /// <summary>
    /// Queues a mail inside the caller's transaction, so the mail exists exactly when the change that asks for it does.
    /// The statement runs whether or not there is a mail to queue (no subscriber: no row), so a known and an unknown
    /// address cost the same.
    /// </summary>
    public static async Task QueueAsync(DbConnection connection, DbTransaction transaction, string kind, long? subscriberId, DateTimeOffset now) =>
        await connection.ExecuteAsync(
            "INSERT INTO mail_outbox (kind, subscriber_id, status, created_at) SELECT @kind, @subscriberId, @Pending, @now WHERE @subscriberId IS NOT NULL",
            new { kind, subscriberId, now, OutboxStatus.Pending },
            transaction);

    /// <summary>Claims the oldest due messages; a claim older than five minutes belongs to a process that died.</summary>
    /// <remarks>
    /// The outer WHERE repeats the claimable condition: on PostgreSQL a second process whose subquery chose the same rows
    /// waits for the first one's commit and then re-checks that condition on the rows as committed, so it skips them
    /// instead of claiming them again. SQLite runs one writer at a time, where the repetition costs nothing.
    /// </remarks>
    public async Task<OutboxClaim> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimId = Guid.NewGuid().ToString("N");
        await using var connection = await connections.OpenAsync(cancellationToken);
        var claimed = await connection.QueryAsync<OutboxMessage>(
            """
            UPDATE mail_outbox SET status = @Sending, claimed_at = @now, claim_id = @claimId, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM mail_outbox
                WHERE (status = @Pending AND (next_attempt_at IS NULL OR next_attempt_at <= @now))
                   OR (status = @Sending AND claimed_at < @staleBefore)
                ORDER BY id LIMIT @limit)
              AND ((status = @Pending AND (next_attempt_at IS NULL OR next_attempt_at <= @now))
                   OR (status = @Sending AND claimed_at < @staleBefore))
            RETURNING id AS Id, kind AS Kind, subscriber_id AS SubscriberId, attempts AS Attempts
            """,
            new { now, staleBefore = now - StaleClaim, claimId, limit, OutboxStatus.Pending, OutboxStatus.Sending });
        return new OutboxClaim(claimId, claimed.OrderBy(m => m.Id).ToList());
    }

    public Task MarkSentAsync(long id, string claimId) => SetStatusAsync(id, claimId, OutboxStatus.Sent, null, null);

    public Task MarkFailedAsync(long id, string claimId, string error) => SetStatusAsync(id, claimId, OutboxStatus.Failed, error, null);

    /// <summary>Back to pending: at once after a broken connection, after a growing wait when the relay said "later".</summary>
    public Task ReleaseAsync(long id, string claimId, string error, int attempts = 0)
    {
        var wait = attempts == 0 ? TimeSpan.Zero : Retry.After(attempts);
        return SetStatusAsync(id, claimId, OutboxStatus.Pending, error, time.GetUtcNow() + wait);
    }

    async Task SetStatusAsync(long id, string claimId, string status, string? error, DateTimeOffset? nextAttemptAt)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            """
            UPDATE mail_outbox
            SET status = @status, last_error = @error, claimed_at = NULL, claim_id = NULL, next_attempt_at = @nextAttemptAt,
                sent_at = CASE WHEN @status = @Sent THEN @now ELSE sent_at END
            WHERE id = @id AND status = @Sending AND claim_id = @claimId
            """,
            new { id, claimId, status, error, nextAttemptAt, now = time.GetUtcNow(), OutboxStatus.Sent, OutboxStatus.Sending });
    }
}
