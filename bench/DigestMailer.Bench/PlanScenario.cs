using System.Diagnostics;
using Dapper;
using DigestMailer.Data;
using DigestMailer.Digests;
using DigestMailer.Subscriptions;
using DigestMailer.Topics;

namespace DigestMailer.Bench;

/// <summary>
/// Design target: planning a day of 1,000 new papers for 100,000 subscribers with 3 topics each (2,000 distinct
/// topics) in at most 5 s (raised from 10 s on 2026-12-03). Times <see cref="DigestPlanner.PlanAsync"/> as the plan-digests job calls it,
/// and its peak memory for 10,000 and for 100,000 subscribers.
/// </summary>
static class PlanScenario
{
    const int Papers = 1_000;
    const int Subscribers = 100_000;
    const int TopicsEach = 3;
    const int DistinctTopics = 2_000;
    static readonly TimeSpan Target = TimeSpan.FromSeconds(5);

    // The same plan for a tenth of the subscribers: planning streams its digests in chunks, so its peak memory
    // should hardly move between the two.
    const int FewerSubscribers = 10_000;

    public static async Task RunAsync(Report report, CancellationToken cancellationToken)
    {
        var fewer = await PlanOnceAsync(FewerSubscribers, reference: false, liveMemory: false, cancellationToken);
        var all = await PlanOnceAsync(Subscribers, reference: true, liveMemory: false, cancellationToken);
        var fewerLive = await PlanOnceAsync(FewerSubscribers, reference: false, liveMemory: true, cancellationToken);
        var allLive = await PlanOnceAsync(Subscribers, reference: false, liveMemory: true, cancellationToken);

        report.Result(
            "plan",
            $"DigestPlanner.PlanAsync, {Papers:N0} papers x {Subscribers:N0} subscribers x {TopicsEach} topics ({DistinctTopics:N0} distinct): {all.Elapsed.TotalSeconds:F2} s",
            all.Elapsed.TotalSeconds,
            "s",
            Target.TotalSeconds,
            higherIsBetter: false);
        foreach (var (count, run) in new[] { (FewerSubscribers, fewer), (Subscribers, all) })
        {
            report.Measure(
                $"plan-memory-{count / 1000}k",
                $"peak memory of DigestPlanner.PlanAsync for {count:N0} subscribers: managed heap +{run.Memory.HeapMegabytes:F0} MB, working set +{run.Memory.WorkingSetMegabytes:F0} MB ({run.Elapsed.TotalSeconds:F2} s)",
                run.Memory.HeapMegabytes,
                "MB");
        }

        foreach (var (count, run) in new[] { (FewerSubscribers, fewerLive), (Subscribers, allLive) })
        {
            report.Measure(
                $"plan-live-memory-{count / 1000}k",
                $"live memory of DigestPlanner.PlanAsync for {count:N0} subscribers (highest heap after a full collection every 100 ms; run not timed): +{run.Memory.HeapMegabytes:F0} MB",
                run.Memory.HeapMegabytes,
                "MB");
        }
    }

    static async Task<(TimeSpan Elapsed, PeakMemory Memory)> PlanOnceAsync(int subscriberCount, bool reference, bool liveMemory, CancellationToken cancellationToken)
    {
        Report.Info($"-- {subscriberCount:N0} subscribers{(liveMemory ? ", live memory (a full collection every 100 ms)" : "")}");
        using var folder = new TempFolder("plan");
        // The planner logs its own split (loading, matching, choosing and writing) when it finishes.
        await using var app = AppServices.Create(folder.Path, new Dictionary<string, string?> { ["Logging:LogLevel:DigestMailer.Digests.DigestPlanner"] = "Information" });
        var corpus = new MlCorpus(seed: 1);

        var watch = Stopwatch.StartNew();
        var ingested = await Seeding.AddPapersAsync(app, corpus, Papers, firstNumber: 1, cancellationToken);
        Report.Info($"setup: {ingested.Inserted:N0} papers through PaperStore.UpsertAsync in {watch.Elapsed.TotalSeconds:F2} s");

        var topics = corpus.Topics(DistinctTopics);
        var seeded = await Seeding.AddSubscribersAsync(app, corpus, topics, subscriberCount, TopicsEach, cancellationToken);
        await using (var connection = await app.Database.OpenAsync(cancellationToken))
        {
            var (subscribers, rows, distinct) = await connection.QuerySingleAsync<(long, long, long)>(
                "SELECT (SELECT COUNT(*) FROM subscribers), COUNT(*), COUNT(DISTINCT topic) FROM subscriber_topics");
            Report.Info($"setup: {subscribers:N0} active subscribers, {rows:N0} subscriber topics, {distinct:N0} distinct topics, in {seeded.TotalSeconds:F2} s");
            // A database at rest: the seeding transaction checkpointed out of the WAL (SQLite) or analysed (PostgreSQL),
            // as it would be by the next day.
            await connection.ExecuteAsync(app.Database.Engine == DatabaseEngine.Sqlite ? "PRAGMA wal_checkpoint(TRUNCATE);" : "VACUUM ANALYZE;");
        }

        var date = DigestDate.Today(TimeProvider.System);
        var runId = await app.Get<DigestRuns>().CreateAsync(date, cancellationToken);
        var planner = app.Get<DigestPlanner>();

        PlanSummary summary;
        TimeSpan elapsed;
        var memory = new PeakMemory(liveMemory);
        using (memory)
        {
            watch.Restart();
            summary = await planner.PlanAsync(runId, date, cancellationToken);
            elapsed = watch.Elapsed;
        }

        long items;
        await using (var connection = await app.Database.OpenAsync(cancellationToken))
        {
            items = (await connection.QueryAsync<string>("SELECT items FROM digests")).Sum(json => (long)DigestItem.Deserialize(json).Count);
        }

        Report.Info($"planned: {summary.Pending:N0} digests pending, {summary.Skipped:N0} skipped (nothing matched), {items:N0} digest items ({(double)items / Math.Max(1, summary.Pending):F1} papers per digest)");

        if (reference)
        {
            // The queries themselves, one after another on one connection (the planner runs them on every core), for
            // comparison with the planner's own split above. Measured after the plan, so its pages are warm.
            var matching = await TimeDistinctTopicMatchingAsync(app, topics, cancellationToken);
            Report.Info($"reference: the {matching.Topics:N0} distinct topics' FTS queries one by one ({matching.Matches:N0} matches): {matching.Elapsed.TotalSeconds:F2} s");
        }

        return (elapsed, memory);
    }

    static async Task<(int Topics, long Matches, TimeSpan Elapsed)> TimeDistinctTopicMatchingAsync(
        AppServices app, List<string> topics, CancellationToken cancellationToken)
    {
        await using var connection = await app.Database.OpenAsync(cancellationToken);
        var through = await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM papers");
        var watch = Stopwatch.StartNew();
        long matches = 0;
        foreach (var text in topics)
        {
            var topic = TopicParser.Parse(text).Topic!;
            matches += (await app.Get<TopicMatcher>().MatchAsync(connection, topic, 0, through, cancellationToken)).Count;
        }

        return (topics.Count, matches, watch.Elapsed);
    }
}
