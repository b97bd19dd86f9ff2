using System.Diagnostics;
using Dapper;
using DigestMailer.Digests;
using DigestMailer.Relevance;
using DigestMailer.Subscriptions;
using DigestMailer.Topics;
using Microsoft.Extensions.Options;

namespace DigestMailer.Bench;

/// <summary>
/// Learned relevance (issue 9, figures asked for by issue 10): how fast the packaged model embeds papers, and what
/// ranking by profile similarity costs a planning run of 1,000 papers × 100,000 subscribers when one reader in ten
/// has a profile (three liked papers). Same data as <see cref="PlanScenario"/>, so the two plan figures compare.
/// </summary>
static class RelevanceScenario
{
    const int Papers = 1_000;
    const int Subscribers = 100_000;
    const int TopicsEach = 3;
    const int DistinctTopics = 2_000;
    const int Embedded = 256;
    const int ProfileEvery = 10;
    const int LikesEach = 3;

    // Embedding has to keep up with ingest: a busy day's 1,000 papers within five minutes.
    const double PapersPerSecondTarget = 1_000 / 300.0;

    // The profiled readers' share of choosing may cost at most a fifth of the 5 s planning target.
    static readonly TimeSpan RankingTarget = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(Report report, CancellationToken cancellationToken)
    {
        using var folder = new TempFolder("relevance");
        await using var app = AppServices.Create(folder.Path, new Dictionary<string, string?> { ["Logging:LogLevel:DigestMailer.Digests.DigestPlanner"] = "Information" });
        var corpus = new MlCorpus(seed: 1);
        await Seeding.AddPapersAsync(app, corpus, Papers, firstNumber: 1, cancellationToken);
        var topics = corpus.Topics(DistinctTopics);
        await Seeding.AddSubscribersAsync(app, corpus, topics, Subscribers, TopicsEach, cancellationToken);

        var (perSecond, load) = await EmbedAsync(app, cancellationToken);
        Report.Info($"model: loaded in {load.TotalSeconds:F2} s; {Embedded} papers (title + abstract) in batches of {EmbedPapersJob.BatchSize}: {perSecond:F1} papers/s, {1000 / perSecond:F0} ms each");
        report.Result("relevance", $"papers embedded (all-MiniLM-L6-v2, 2 cores): {perSecond:F1}/s", perSecond, "papers/s", PapersPerSecondTarget, higherIsBetter: true);

        await FillWithRandomVectorsAsync(app, cancellationToken);
        var readers = await LikeAsync(app, cancellationToken);
        var ranking = await TimeRankingAsync(app, cancellationToken);
        Report.Info(
            $"ranking {ranking.Readers:N0} profiled readers: {ranking.Profile.TotalSeconds:F2} s with their profiles against {ranking.Plain.TotalSeconds:F2} s by topics alone " +
            $"({ranking.Vectors:N0} paper vectors, profiles of {readers:N0} readers loaded in {ranking.Load.TotalSeconds:F2} s)");

        var date = DigestDate.Today(TimeProvider.System);
        var runId = await app.Get<DigestRuns>().CreateAsync(date, cancellationToken);
        var watch = Stopwatch.StartNew();
        await app.Get<DigestPlanner>().PlanAsync(runId, date, cancellationToken);
        Report.Info($"DigestPlanner.PlanAsync with {readers:N0} profiled readers: {watch.Elapsed.TotalSeconds:F2} s (compare with the plan scenario)");

        var extra = ranking.Load + ranking.Profile - ranking.Plain;
        report.Result(
            "relevance",
            $"ranking by profile similarity, {Subscribers:N0} subscribers ({readers:N0} with profiles): +{extra.TotalSeconds:F2} s (profiles {ranking.Load.TotalSeconds:F2}, cosines and blend {(ranking.Profile - ranking.Plain).TotalSeconds:F2})",
            extra.TotalSeconds,
            "s",
            RankingTarget.TotalSeconds,
            higherIsBetter: false);
    }

    /// <summary>What <see cref="EmbedPapersJob"/> does, for the first papers: embed a batch, store it.</summary>
    static async Task<(double PerSecond, TimeSpan Load)> EmbedAsync(AppServices app, CancellationToken cancellationToken)
    {
        var model = app.Get<EmbeddingModel>();
        var store = app.Get<EmbeddingStore>();
        var watch = Stopwatch.StartNew();
        model.Embed(["warm up"], cancellationToken);
        var load = watch.Elapsed;

        var papers = await store.MissingAsync(0, Embedded, cancellationToken);
        watch.Restart();
        foreach (var batch in papers.Chunk(EmbedPapersJob.BatchSize))
        {
            var vectors = model.Embed([.. batch.Select(p => EmbeddingModel.PaperText(p.Title, p.Abstract))], cancellationToken);
            await store.SaveAsync([.. batch.Select((paper, i) => (paper.Id, vectors[i]))], cancellationToken);
        }

        return (papers.Count / watch.Elapsed.TotalSeconds, load);
    }

    // The cost of ranking does not depend on what the vectors say: the other papers get random unit vectors.
    static async Task FillWithRandomVectorsAsync(AppServices app, CancellationToken cancellationToken)
    {
        var store = app.Get<EmbeddingStore>();
        var random = new Random(7);
        var rest = await store.MissingAsync(0, int.MaxValue, cancellationToken);
        await store.SaveAsync(
            [.. rest.Select(p => (p.Id, Vectors.Normalize([.. Enumerable.Range(0, EmbeddingModel.Dimensions).Select(_ => (float)random.NextDouble() - 0.5f)])))],
            cancellationToken);
    }

    static async Task<int> LikeAsync(AppServices app, CancellationToken cancellationToken)
    {
        await using var connection = await app.Database.OpenAsync(cancellationToken);
        var papers = (await connection.QueryAsync<string>("SELECT arxiv_id FROM papers ORDER BY id")).AsList();
        var readers = (await connection.QueryAsync<long>("SELECT id FROM subscribers ORDER BY id")).Where((_, i) => i % ProfileEvery == 0).ToList();
        var random = new Random(11);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO subscriber_likes (subscriber_id, arxiv_id, created_at) VALUES (@Reader, @Paper, 0) ON CONFLICT DO NOTHING",
            readers.SelectMany(reader => Enumerable.Range(0, LikesEach).Select(_ => new { Reader = reader, Paper = papers[random.Next(papers.Count)] })),
            transaction);
        await transaction.CommitAsync(cancellationToken);
        return readers.Count;
    }

    /// <summary>
    /// The profiled readers' digests chosen twice from the same topic matches, as the planner chooses them: with
    /// their profiles (<see cref="ProfileChooser"/>) and by topics alone (<see cref="DigestChooser"/>).
    /// </summary>
    static async Task<(int Readers, int Vectors, TimeSpan Load, TimeSpan Profile, TimeSpan Plain)> TimeRankingAsync(AppServices app, CancellationToken cancellationToken)
    {
        var settings = app.Get<IOptions<DigestOptions>>().Value;
        var latest = DigestDate.Latest(TimeProvider.System);
        var due = await app.Get<PlanningStore>().DueAsync(latest, _ => (latest, 0L), cancellationToken);
        var subscribers = due.Chunks(due.Count).SelectMany(chunk => chunk).Select(d => (Id: d.SubscriberId, d.Topics)).ToList();
        var through = await app.Get<PlanningStore>().LatestPaperIdAsync(cancellationToken);
        var from = due.LowestWatermarkPerTopic();
        var matches = await app.Get<DistinctTopicMatching>().MatchAsync(from, through, app.Get<IOptions<RankingOptions>>().Value.UpvoteWeight, DateTimeOffset.UnixEpoch, cancellationToken);

        var watch = Stopwatch.StartNew();
        var profiles = await app.Get<ReaderProfiles>().LoadAsync(cancellationToken);
        var vectors = await app.Get<EmbeddingStore>().RangeAsync(0, through, cancellationToken);
        var load = watch.Elapsed;

        var profiled = subscribers.Where(s => profiles.ContainsKey(s.Id)).Select(s => (s, Topics: s.Topics.Select(t => matches.GetValueOrDefault(t)).ToList())).ToList();
        var similarity = new SimilaritySettings(settings.SimilarityWeight, settings.SimilarityThreshold, settings.SimilarPapers);
        int ChooseAll() => profiled.AsParallel().Sum(r => ProfileChooser.Choose(r.Topics, 0, settings.MaxPapers, null, 0, profiles[r.s.Id], vectors, similarity, r.Topics.Count).Count);

        // Timed warm, as in a long-running service from its second planning run on; the first, JIT included, is shown.
        watch.Restart();
        ChooseAll();
        Report.Info($"(the profiled readers' first choosing, code not yet optimised by the JIT: {watch.Elapsed.TotalSeconds:F2} s)");
        watch.Restart();
        var chosen = ChooseAll();
        var profile = watch.Elapsed;
        watch.Restart();
        chosen += profiled.AsParallel().Sum(r => DigestChooser.Choose(r.Topics, 0, settings.MaxPapers).Count);
        var plain = watch.Elapsed;
        // The cosines alone, as ProfileChooser computes them: what is left of its time is choosing.
        watch.Restart();
        var sum = profiled.AsParallel().Sum(r =>
        {
            var total = 0f;
            for (var i = 0; i < vectors.Count; i++)
            {
                total += Vectors.Dot(profiles[r.s.Id].Vector, vectors[i]);
            }

            return (double)total;
        });
        Report.Info($"({chosen:N0} papers chosen in both rankings; the {profiled.Count * (long)vectors.Count:N0} cosines alone: {watch.Elapsed.TotalSeconds:F2} s, checksum {sum:F0})");
        return (profiled.Count, vectors.Count, load, profile, plain);
    }
}
