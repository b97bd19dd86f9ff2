using System.Data.Common;
using Dapper;
using DigestMailer.Data;

namespace DigestMailer.Papers;

public sealed class IngestRun
{
    public long Id { get; init; }

    public string Trigger { get; init; } = "";

    public string Status { get; init; } = "";

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public int Fetched { get; init; }

    public int Inserted { get; init; }

    public int Updated { get; init; }

    public string? Error { get; init; }
}

/// <summary>ingest_runs, one row per run of the source readers, and source_checkpoints, how far each source was read.</summary>
public sealed class IngestRuns(DbConnectionFactory connections, TimeProvider time)
{
    // A run still 'running' after this long belongs to a process that stopped; it is closed as failed.
    static readonly TimeSpan Abandoned = TimeSpan.FromHours(2);

    public async Task<long> CreateAsync(string trigger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            UPDATE ingest_runs SET status = @Failed, finished_at = @now, error = 'interrupted: the process stopped during the run'
            WHERE status = @Running AND started_at < @abandonedBefore
            """,
            new { now, abandonedBefore = now - Abandoned, IngestRunStatus.Failed, IngestRunStatus.Running });
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO ingest_runs (trigger, status, started_at) VALUES (@trigger, @Running, @now) RETURNING id",
            new { trigger, now, IngestRunStatus.Running });
    }

    public async Task FinishAsync(long id, int fetched, int inserted, int updated, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            UPDATE ingest_runs
            SET status = CASE WHEN @error IS NULL THEN @Completed ELSE @Failed END,
                finished_at = @now, fetched = @fetched, inserted = @inserted, updated = @updated, error = @error
            WHERE id = @id
            """,
            new { id, fetched, inserted, updated, error, now = time.GetUtcNow(), IngestRunStatus.Completed, IngestRunStatus.Failed });
    }

    public async Task<IngestRun?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<IngestRun>($"{SelectRuns} WHERE id = @id", new { id });
    }

    public async Task<IReadOnlyList<IngestRun>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<IngestRun>($"{SelectRuns} ORDER BY id DESC LIMIT @limit", new { limit })).AsList();
    }

    const string SelectRuns =
        """
        SELECT id AS Id, trigger AS Trigger, status AS Status, started_at AS StartedAt, finished_at AS FinishedAt,
               fetched AS Fetched, inserted AS Inserted, updated AS Updated, error AS Error
        FROM ingest_runs
        """;

    public async Task<string?> CheckpointAsync(string source, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>("SELECT value FROM source_checkpoints WHERE source = @source", new { source });
    }

    /// <summary>Saves a checkpoint inside the transaction that stores what was read up to it.</summary>
    public async Task SaveCheckpointAsync(DbConnection connection, DbTransaction transaction, string source, string value)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO source_checkpoints (source, value, updated_at) VALUES (@source, @value, @now)
            ON CONFLICT (source) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """,
            new { source, value, now = time.GetUtcNow() },
            transaction);
    }
}
