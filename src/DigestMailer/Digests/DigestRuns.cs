using Dapper;
using DigestMailer.Data;
using DigestMailer.Subscriptions;

namespace DigestMailer.Digests;

public sealed class DigestRunStatus
{
    public string Id { get; init; } = "";

    public string DigestDate { get; init; } = "";

    public DateTimeOffset? PlannedAt { get; init; }

    public string? Error { get; init; }

    /// <summary>'date' (one date for everyone) or 'due' (the hourly run, each subscriber at their own hour).</summary>
    public string Kind { get; init; } = "date";

    public int Planned { get; init; }

    public int Sent { get; init; }

    public int Skipped { get; init; }

    public int Failed { get; init; }

    public int Unsent { get; init; }

    /// <summary>Why sending stopped with digests of this run unsent; see <see cref="DigestRuns.StopSendingAsync"/>.</summary>
    public string? StopReason { get; init; }

    /// <summary>
    /// running until planned and every digest of the run has an outcome; failed if planning failed; stopped while the
    /// relay refuses the sender and digests wait for the next run.
    /// </summary>
    public string Status => Error is not null ? DigestRunState.Failed
        : PlannedAt is null ? DigestRunState.Running
        : Unsent > 0 ? (StopReason is null ? DigestRunState.Running : DigestRunState.Stopped)
        : DigestRunState.Completed;

    /// <summary>Why the run failed or stopped; null while it runs or once it completed.</summary>
    public string? Reason => Status switch
    {
        DigestRunState.Failed => Error,
        DigestRunState.Stopped => StopReason,
        _ => null,
    };
}

/// <summary>digest_runs: one row per request to plan a date; its counts are read from the ledger, never kept twice.</summary>
public sealed class DigestRuns(DbConnectionFactory connections, TimeProvider time)
{
    /// <param name="date">The digest date for everyone, or null for the hourly run of whoever is due (dated today, UTC).</param>
    public async Task<string> CreateAsync(DateOnly? date, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO digest_runs (id, digest_date, kind, created_at) VALUES (@id, @date, @kind, @now)",
            new
            {
                id,
                date = DigestDate.Format(date ?? DigestDate.Today(time)),
                kind = date is null ? "due" : "date",
                now = time.GetUtcNow(),
            });
        return id;
    }

    public async Task<DigestRunStatus?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DigestRunStatus>(
            """
            SELECT r.id AS Id, r.digest_date AS DigestDate, r.planned_at AS PlannedAt, r.error AS Error, r.kind AS Kind,
                   r.stop_reason AS StopReason,
                   COUNT(d.id) AS Planned,
                   COALESCE(SUM(CASE WHEN d.status = @Sent THEN 1 ELSE 0 END), 0) AS Sent,
                   COALESCE(SUM(CASE WHEN d.status = @Skipped THEN 1 ELSE 0 END), 0) AS Skipped,
                   COALESCE(SUM(CASE WHEN d.status = @Failed THEN 1 ELSE 0 END), 0) AS Failed,
                   COALESCE(SUM(CASE WHEN d.status IN (@Pending, @Sending) THEN 1 ELSE 0 END), 0) AS Unsent
            FROM digest_runs r
            LEFT JOIN digests d ON d.run_id = r.id
            WHERE r.id = @id
            GROUP BY r.id, r.digest_date, r.planned_at, r.error, r.kind, r.stop_reason
            """,
            new { id, DigestStatus.Sent, DigestStatus.Skipped, DigestStatus.Failed, DigestStatus.Pending, DigestStatus.Sending });
    }

    /// <summary>
    /// Runs whose planning never committed and never failed: a process killed while planning, or between recording the
    /// run and queueing its job. Hangfire would run a job lost that way again only after its invisibility timeout
    /// (30 minutes on SQLite), and a job never queued never.
    /// </summary>
    public async Task<IReadOnlyList<string>> UnplannedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(
            "SELECT id FROM digest_runs WHERE planned_at IS NULL AND error IS NULL ORDER BY created_at")).AsList();
    }

    public async Task MarkPlannedAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE digest_runs SET planned_at = @now, error = NULL WHERE id = @id",
            new { id, now = time.GetUtcNow() });
    }

    /// <summary>A retried planning attempt is running again: the run is not failed while it may still succeed.</summary>
    public async Task MarkPlanningAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE digest_runs SET error = NULL WHERE id = @id", new { id });
    }

    public async Task MarkFailedAsync(string id, string error, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE digest_runs SET error = @error WHERE id = @id", new { id, error });
    }

    /// <summary>
    /// The relay refused the sender: no send-batch job sends until the next run resumes, and every run with digests
    /// still unsent says why. Batches already queued would only hear the same refusal, once each.
    /// </summary>
    public async Task StopSendingAsync(string reason)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            """
            UPDATE digest_runs SET stop_reason = @reason
            -- The literal statuses, as ix_digests_unsent's predicate names them, let SQLite use that partial index.
            WHERE id IN (SELECT run_id FROM digests WHERE status IN ('pending', 'sending'))
            """,
            new { reason });
    }

    public async Task<bool> IsSendingStoppedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM digest_runs WHERE stop_reason IS NOT NULL)");
    }

    /// <summary>A new run tries again: the relay may have been fixed, or the operator asked for it.</summary>
    public async Task ResumeSendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE digest_runs SET stop_reason = NULL WHERE stop_reason IS NOT NULL");
    }
}
