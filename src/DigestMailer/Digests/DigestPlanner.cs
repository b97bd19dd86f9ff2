using System.Data.Common;
using Dapper;
using DigestMailer.Data;
using DigestMailer.Topics;
using Microsoft.Extensions.Options;

namespace DigestMailer.Digests;

public sealed record PlanSummary(int Pending, int Skipped);

/// <summary>
/// Decides what each active subscriber gets for a digest date and writes it to the ledger. Which papers are
/// "new" is decided by the ledger alone: those above the subscriber's previous digest's watermark, or for a
/// first digest those ingested within <see cref="DigestOptions.FirstDigestLookback"/>.
/// </summary>
public sealed class DigestPlanner(DbConnectionFactory connections, IOptions<DigestOptions> options, TimeProvider time, ILogger<DigestPlanner> logger)
{
    const int WriteChunk = 500;
    static readonly TimeSpan OldestNews = TimeSpan.FromDays(8);

    /// <summary>The admin's run: one digest date for every active subscriber that has none for it yet.</summary>
    public Task<PlanSummary> PlanAsync(string runId, DateOnly date, CancellationToken cancellationToken) =>
        PlanAsync(runId, (subscriber, _) => subscriber.LastDigestDate is { } last && last == DigestDate.Format(date) ? null : date, cancellationToken);

    /// <summary>The hourly run: every subscriber whose own send time has come (<see cref="SendSchedule.DueDate"/>).</summary>
    public Task<PlanSummary> PlanDueAsync(string runId, CancellationToken cancellationToken) =>
        PlanAsync(
            runId,
            (subscriber, now) => subscriber.Schedule.DueDate(
                now,
                DateTimeOffset.FromUnixTimeMilliseconds(subscriber.ConfirmedAt ?? 0),
                subscriber.LastDigestDate,
                subscriber.LastDigestAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
                options.Value.CatchUpWindow),
            cancellationToken);

    async Task<PlanSummary> PlanAsync(string runId, Func<DueSubscriber, DateTimeOffset, DateOnly?> dueDate, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);

        var through = await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM papers");
        var due = new List<DueSubscriber>();
        foreach (var subscriber in await ActiveSubscribersAsync(connection, DigestDate.Latest(time)))
        {
            if (dueDate(subscriber, now) is { } date)
            {
                subscriber.DigestDate = DigestDate.Format(date);
                due.Add(subscriber);
            }
        }

        await SetFirstDigestWatermarksAsync(connection, due, through, now);

        if (due.Count == 0)
        {
            return new PlanSummary(0, 0);
        }

        var matches = await MatchDistinctTopicsAsync(connection, due, through, cancellationToken);
        var nowMs = now.ToUnixTimeMilliseconds();
        var excerpts = await TopicExcerpts.SaveAsync(
            connection, matches.Values.Distinct().SelectMany(t => t.Matches.Select(m => (t.Key, m))), nowMs, cancellationToken);
        // Choosing is pure computation over read-only maps: it uses every core.
        var plans = due.AsParallel().AsOrdered().Select(s => Choose(s, matches, excerpts, settings)).ToList();

        foreach (var chunk in plans.Chunk(WriteChunk))
        {
            await WriteAsync(connection, chunk, runId, through, nowMs, cancellationToken);
        }

        var summary = new PlanSummary(plans.Count(p => p.Papers.Count > 0), plans.Count(p => p.Papers.Count == 0));
        logger.LogInformation(
            "Planned run {Run}: {Pending} digests to send, {Skipped} with nothing new, {Topics} topics, papers up to {Through}",
            runId, summary.Pending, summary.Skipped, matches.Count, through);
        return summary;
    }

    /// <summary>
    /// A first digest takes the papers ingested since the subscriber confirmed, and FirstDigestLookback before
    /// that: a daily subscriber gets the last day's papers, a weekly one everything since signing up.
    /// </summary>
    /// <remarks>
    /// No digest reaches back further than <see cref="OldestNews"/> (or the first-digest lookback, if longer): someone
    /// who resumes after months of pause gets recent papers, not the best of a season, and the distinct-topic
    /// matching stays bounded to recent papers.
    /// </remarks>
    async Task SetFirstDigestWatermarksAsync(DbConnection connection, List<DueSubscriber> due, long through, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var lookback = (long)options.Value.FirstDigestLookback.TotalMilliseconds;
        var oldest = nowMs - Math.Max(lookback, (long)OldestNews.TotalMilliseconds);
        long Cutoff(DueSubscriber s) => Math.Max(oldest, Math.Min(s.ConfirmedAt ?? nowMs, nowMs) - lookback);
        // Paper ids grow with ingestion time, so each cutoff is one binary search in one read of the recent papers.
        var recent = (await connection.QueryAsync<(long Id, long IngestedAt)>(
            "SELECT id, ingested_at FROM papers WHERE ingested_at >= @oldest ORDER BY id", new { oldest })).ToArray();
        long WatermarkAt(long cutoff)
        {
            var index = FirstIngestedAtOrAfter(recent, cutoff);
            return index == recent.Length ? through : recent[index].Id - 1;
        }

        var floor = WatermarkAt(oldest);
        foreach (var subscriber in due)
        {
            subscriber.After = subscriber.After is { } previous ? Math.Max(previous, floor) : WatermarkAt(Cutoff(subscriber));
        }
    }

    static int FirstIngestedAtOrAfter((long Id, long IngestedAt)[] papers, long cutoff)
    {
        var (low, high) = (0, papers.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = papers[middle].IngestedAt < cutoff ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    static async Task<List<DueSubscriber>> ActiveSubscribersAsync(DbConnection connection, DateOnly latest)
    {
        // Active, unpaused subscribers with their schedule, the date of their latest digest (one per local day at
        // most; a date no local calendar has reached yet is left out, or it would hide the real latest one) and the
        // watermark of their papers so far.
        var subscribers = (await connection.QueryAsync<DueSubscriber>(
            """
            SELECT s.id AS Id, s.frequency AS Frequency, s.weekday AS Weekday, s.send_hour AS SendHour,
                   s.time_zone AS TimeZone, s.max_papers AS MaxPapers, s.confirmed_at AS ConfirmedAt,
                   (SELECT MAX(d.digest_date) FROM digests d WHERE d.subscriber_id = s.id AND d.digest_date <= @latest) AS LastDigestDate,
                   (SELECT MAX(d.created_at) FROM digests d WHERE d.subscriber_id = s.id) AS LastDigestAt,
                   (SELECT MAX(d.papers_through) FROM digests d WHERE d.subscriber_id = s.id) AS After
            FROM subscribers s
            WHERE s.status = 'active' AND s.paused_at IS NULL
            ORDER BY s.id
            """,
            new { latest = DigestDate.Format(latest) })).AsList();

        var byId = subscribers.ToDictionary(s => s.Id);
        var topics = await connection.QueryAsync<(long SubscriberId, string Topic)>(
            """
            SELECT st.subscriber_id, st.topic
            FROM subscriber_topics st
            JOIN subscribers s ON s.id = st.subscriber_id
            WHERE s.status = 'active' AND s.paused_at IS NULL
            ORDER BY st.subscriber_id, st.position
            """);
        foreach (var (subscriberId, text) in topics)
        {
            if (byId.TryGetValue(subscriberId, out var subscriber))
            {
                subscriber.Topics.Add(text);
            }
        }

        return subscribers;
    }

    /// <summary>
    /// Many subscribers share topics, so each distinct topic runs once, over the papers newer than the oldest
    /// watermark among the due subscribers; each subscriber then keeps the part above its own watermark.
    /// The result is keyed by the topic as the subscriber wrote it.
    /// </summary>
    async Task<Dictionary<string, MatchedTopic>> MatchDistinctTopicsAsync(
        DbConnection connection, List<DueSubscriber> due, long through, CancellationToken cancellationToken)
    {
        var after = due.Min(s => s.Watermark);
        var byText = new Dictionary<string, MatchedTopic>(StringComparer.Ordinal);
        if (after >= through)
        {
            return byText;
        }

        var byKey = new Dictionary<string, MatchedTopic>(StringComparer.Ordinal);
        foreach (var text in due.SelectMany(s => s.Topics).Distinct(StringComparer.Ordinal))
        {
            var parsed = TopicParser.Parse(text);
            if (parsed.Topic is null)
            {
                logger.LogWarning("Stored topic '{Topic}' no longer parses: {Error}", text, parsed.Error);
                continue;
            }

            if (!byKey.TryGetValue(parsed.Topic.Key, out var matched))
            {
                var matches = await TopicMatcher.MatchAsync(connection, parsed.Topic, after, through, cancellationToken);
                byKey[parsed.Topic.Key] = matched = new MatchedTopic(parsed.Topic.Key, matches);
            }

            byText[text] = matched;
        }

        return byText;
    }

    static SubscriberPlan Choose(
        DueSubscriber subscriber, Dictionary<string, MatchedTopic> matches, Dictionary<(string Key, long PaperId), long> excerpts, DigestOptions settings)
    {
        var papers = new Dictionary<long, PlannedPaper>();
        foreach (var text in subscriber.Topics)
        {
            if (!matches.TryGetValue(text, out var topic))
            {
                continue;
            }

            foreach (var match in topic.Matches.Where(m => m.PaperId > subscriber.Watermark))
            {
                var score = match.Score(settings.UpvoteWeight);
                if (!papers.TryGetValue(match.PaperId, out var planned))
                {
                    papers[match.PaperId] = planned = new PlannedPaper(match.PaperId);
                }

                if (score > planned.Score)
                {
                    planned.Score = score;
                    planned.ExcerptId = excerpts.TryGetValue((topic.Key, match.PaperId), out var excerptId) ? excerptId : null;
                }

                if (!planned.Topics.Contains(text))
                {
                    planned.Topics.Add(text);
                }
            }
        }

        var chosen = papers.Values
            .OrderByDescending(p => p.Score)
            .ThenByDescending(p => p.PaperId)
            .Take(subscriber.MaxPapers ?? settings.MaxPapers)
            .ToList();
        return new SubscriberPlan(subscriber.Id, subscriber.DigestDate, chosen);
    }

    static async Task WriteAsync(
        DbConnection connection, SubscriberPlan[] plans, string runId, long through, long now, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // DO NOTHING on a second plan of the same date: the first one's digest stands, whatever state it is in.
        // Dapper runs one prepared command for the whole chunk.
        await connection.ExecuteAsync(
            """
            INSERT INTO digests (subscriber_id, digest_date, run_id, status, papers_through, created_at, items)
            VALUES (@SubscriberId, @DigestDate, @runId, @Status, @through, @now, @Items)
            ON CONFLICT (subscriber_id, digest_date) DO NOTHING
            """,
            plans.Select(plan => new
            {
                plan.SubscriberId,
                plan.DigestDate,
                runId,
                Status = plan.Papers.Count > 0 ? "pending" : "skipped",
                through,
                now,
                Items = DigestItem.Serialize(plan.Papers.Select(p => new DigestItem(p.PaperId, string.Join('\n', p.Topics), p.ExcerptId))),
            }),
            transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    sealed class DueSubscriber
    {
        public long Id { get; init; }

        /// <summary>The watermark: this digest takes papers with a higher id. From the previous digest, or set for a first one.</summary>
        public long? After { get; set; }

        public long Watermark => After ?? throw new InvalidOperationException($"Subscriber {Id} has no watermark yet.");

        public string Frequency { get; init; } = Digests.Frequency.Daily;

        public long Weekday { get; init; }

        public long SendHour { get; init; }

        public string TimeZone { get; init; } = "UTC";

        public int? MaxPapers { get; init; }

        public long? ConfirmedAt { get; init; }

        public string? LastDigestDate { get; init; }

        public long? LastDigestAt { get; init; }

        public SendSchedule Schedule => new(Frequency, (DayOfWeek)Weekday, (int)SendHour, TimeZone);

        public List<string> Topics { get; } = [];

        /// <summary>The date this plan gives the subscriber's digest.</summary>
        public string DigestDate { get; set; } = "";
    }

    sealed class PlannedPaper(long paperId)
    {
        public long PaperId { get; } = paperId;

        public double Score { get; set; } = double.MinValue;

        /// <summary>The abstract excerpt (topic_excerpts.id) of the topic that scored this paper highest.</summary>
        public long? ExcerptId { get; set; }

        public List<string> Topics { get; } = [];
    }

    sealed record MatchedTopic(string Key, IReadOnlyList<TopicMatch> Matches);

    sealed record SubscriberPlan(long SubscriberId, string DigestDate, List<PlannedPaper> Papers);
}
