using Dapper;
using DigestMailer.Data;

namespace DigestMailer.Email;

public sealed class OutboxMessage
{
    public long Id { get; init; }

    public string Kind { get; init; } = "";

    public long SubscriberId { get; init; }

    public int Attempts { get; init; }
}

/// <summary>The mail_outbox table: mail queued by a committed request, claimed and sent by <see cref="OutboxDispatcher"/>.</summary>
public sealed class MailOutbox(DbConnectionFactory connections, TimeProvider time)
{
    static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(5);

    /// <summary>Claims the oldest unsent messages; a claim older than five minutes belongs to a process that died.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        var claimed = await connection.QueryAsync<OutboxMessage>(
            """
            UPDATE mail_outbox SET status = 'sending', claimed_at = @now, attempts = attempts + 1
            WHERE id IN (
                SELECT id FROM mail_outbox
                WHERE status = 'pending' OR (status = 'sending' AND claimed_at < @staleBefore)
                ORDER BY id LIMIT @limit)
            RETURNING id AS Id, kind AS Kind, subscriber_id AS SubscriberId, attempts AS Attempts
            """,
            new { now = now.ToUnixTimeMilliseconds(), staleBefore = (now - StaleClaim).ToUnixTimeMilliseconds(), limit });
        return claimed.OrderBy(m => m.Id).ToList();
    }

    public Task MarkSentAsync(long id, CancellationToken cancellationToken) =>
        SetStatusAsync(id, "sent", null, cancellationToken);

    public Task MarkFailedAsync(long id, string error, CancellationToken cancellationToken) =>
        SetStatusAsync(id, "failed", error, cancellationToken);

    public Task ReleaseAsync(long id, string error, CancellationToken cancellationToken) =>
        SetStatusAsync(id, "pending", error, cancellationToken);

    async Task SetStatusAsync(long id, string status, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            UPDATE mail_outbox
            SET status = @status, last_error = @error, claimed_at = NULL,
                sent_at = CASE WHEN @status = 'sent' THEN @now ELSE sent_at END
            WHERE id = @id
            """,
            new { id, status, error, now = time.GetUtcNow().ToUnixTimeMilliseconds() });
    }
}
