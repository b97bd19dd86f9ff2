using Dapper;
using DigestMailer.Data;
using DigestMailer.Subscriptions;

namespace DigestMailer.Digests;

/// <summary>An active, unpaused subscriber as planning sees them: schedule, latest digest, watermark, topics.</summary>
public sealed class PlanningCandidate
{
    public long Id { get; init; }

    public string Frequency { get; init; } = Subscriptions.Frequency.Daily;

    public long Weekday { get; init; }

    public long SendHour { get; init; }

    public string TimeZone { get; init; } = "UTC";

    public int? MaxPapers { get; init; }

    /// <summary>Asked for the day's trending papers.</summary>
    public bool Trending { get; init; }

    public DateTimeOffset? ConfirmedAt { get; init; }

    public string? LastDigestDate { get; init; }

    public DateTimeOffset? LastDigestAt { get; init; }

    /// <summary>The highest papers_through of the subscriber's digests so far; null before the first.</summary>
    public long? After { get; init; }

    public SendSchedule Schedule => new(Frequency, (DayOfWeek)Weekday, (int)SendHour, TimeZone);
}

/// <summary>A digest as planning writes it to the ledger.</summary>
public sealed record PlannedDigest(long SubscriberId, string DigestDate, int PaperCount, string Items);

/// <summary>What planning reads (subscribers, recent papers) and writes (ledger rows).</summary>
public sealed class PlanningStore(DbConnectionFactory connections)
{
    public async Task<long> LatestPaperIdAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(id), 0) FROM papers", cancellationToken: cancellationToken));
    }

    /// <summary>(id, ingested_at) of the papers ingested at or after <paramref name="oldest"/>, in id order.</summary>
    public async Task<(long Id, DateTimeOffset IngestedAt)[]> IngestedSinceAsync(DateTimeOffset oldest, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long, DateTimeOffset)>(new CommandDefinition(
            "SELECT id, ingested_at FROM papers WHERE ingested_at >= @oldest ORDER BY id", new { oldest }, cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>
    /// The papers in (<paramref name="after"/>, <paramref name="through"/>] anybody upvoted, scored by their votes; not
    /// those fetched only because a reader liked them, which are old papers.
    /// </summary>
    public async Task<RankedMatches> UpvotedAsync(long after, long through, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, long Upvotes)>(new CommandDefinition(
            "SELECT id, upvotes FROM papers WHERE id > @after AND id <= @through AND upvotes > 0 AND fetched_for_likes = 0",
            new { after, through },
            cancellationToken: cancellationToken));
        return new RankedMatches(rows.Select(r => new ScoredPaper(r.Id, r.Upvotes, ExcerptId: null)));
    }

    /// <summary>
    /// The active subscribers <paramref name="due"/> gives a digest date and watermark, with their topics. Both queries
    /// are streamed and only the due ones are kept, compactly (<see cref="DueDigests"/>): a run's memory does not hold
    /// a row per subscriber.
    /// </summary>
    /// <param name="latest">The latest digest date any local calendar has reached; later ledger dates are left out.</param>
    public async Task<DueDigests> DueAsync(
        DateOnly latest, Func<PlanningCandidate, (DateOnly Date, long Watermark)?> due, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var digests = new DueDigests();
        // The date of each subscriber's latest digest (one per local day at most; a date no local calendar has reached
        // yet is left out, or it would hide the real latest one), when it was made, and the watermark so far.
        var subscribers = connection.QueryUnbufferedAsync<PlanningCandidate>(
            """
            SELECT s.id AS Id, s.frequency AS Frequency, s.weekday AS Weekday, s.send_hour AS SendHour,
                   s.time_zone AS TimeZone, s.max_papers AS MaxPapers, s.trending AS Trending, s.confirmed_at AS ConfirmedAt,
                   (SELECT MAX(d.digest_date) FROM digests d WHERE d.subscriber_id = s.id AND d.digest_date <= @latest) AS LastDigestDate,
                   (SELECT MAX(d.created_at) FROM digests d WHERE d.subscriber_id = s.id) AS LastDigestAt,
                   (SELECT MAX(d.papers_through) FROM digests d WHERE d.subscriber_id = s.id) AS After
            FROM subscribers s
            WHERE s.status = @Active AND s.paused_at IS NULL
            ORDER BY s.id
            """,
            new { latest = DigestDate.Format(latest), SubscriberStatus.Active });
        await foreach (var subscriber in subscribers.WithCancellation(cancellationToken))
        {
            if (due(subscriber) is { } digest)
            {
                digests.Add(subscriber.Id, digest.Date, digest.Watermark, subscriber.MaxPapers, subscriber.Trending);
            }
        }

        var topics = connection.QueryUnbufferedAsync<(long SubscriberId, string Topic)>(
            """
            SELECT st.subscriber_id, st.topic
            FROM subscriber_topics st
            JOIN subscribers s ON s.id = st.subscriber_id
            WHERE s.status = @Active AND s.paused_at IS NULL
            ORDER BY st.subscriber_id, st.position
            """,
            new { SubscriberStatus.Active });
        await foreach (var (subscriberId, text) in topics.WithCancellation(cancellationToken))
        {
            digests.AddTopic(subscriberId, text);
        }

        return digests;
    }

    /// <summary>
    /// One transaction per call. DO NOTHING on a second plan of the same date: the first one's digest stands, whatever
    /// state it is in. SQLite: Dapper runs one prepared command for all rows. PostgreSQL: one statement for all rows
    /// (<see cref="ColumnArrays"/>), where a statement per row cost a network round trip each.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<PlannedDigest> digests, string runId, long through, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (connections.Engine == DatabaseEngine.PostgreSql)
        {
            var rows = new ColumnArrays()
                .Column("subscriber_id", "bigint", digests.Select(d => d.SubscriberId))
                .Column("digest_date", "text", digests.Select(d => d.DigestDate))
                .Column("status", "text", digests.Select(Status))
                .Column("items", "text", digests.Select(d => d.Items));
            rows.Parameters.AddDynamicParams(new { runId, through, now = UnixMs.From(now) });
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO digests (subscriber_id, digest_date, run_id, status, papers_through, created_at, items)
                SELECT r.subscriber_id, r.digest_date, @runId, r.status, @through, @now, r.items FROM {rows.From("r")}
                ON CONFLICT (subscriber_id, digest_date) DO NOTHING
                """,
                rows.Parameters,
                transaction,
                cancellationToken: cancellationToken));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO digests (subscriber_id, digest_date, run_id, status, papers_through, created_at, items)
                VALUES (@SubscriberId, @DigestDate, @runId, @Status, @through, @now, @Items)
                ON CONFLICT (subscriber_id, digest_date) DO NOTHING
                """,
                digests.Select(digest => new
                {
                    digest.SubscriberId,
                    digest.DigestDate,
                    runId,
                    Status = Status(digest),
                    through,
                    now,
                    digest.Items,
                }),
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    static string Status(PlannedDigest digest) => digest.PaperCount > 0 ? DigestStatus.Pending : DigestStatus.Skipped;
}
