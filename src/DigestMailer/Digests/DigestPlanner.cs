using System.Diagnostics;
using DigestMailer.Papers;
using DigestMailer.Relevance;
using DigestMailer.Subscriptions;
using DigestMailer.Topics;
using Microsoft.Extensions.Options;

namespace DigestMailer.Digests;

public sealed record PlanSummary(int Pending, int Skipped);

/// <summary>
/// Decides what each active subscriber gets for a digest date and writes it to the ledger. Which papers are "new" is
/// decided by the ledger alone: those above the subscriber's previous digest's watermark, or for a first digest
/// those ingested within <see cref="DigestOptions.FirstDigestLookback"/> (<see cref="Watermarks"/>).
/// </summary>
public sealed class DigestPlanner(
    PlanningStore store,
    DistinctTopicMatching matching,
    ReaderProfiles readers,
    EmbeddingStore embeddings,
    IOptions<DigestOptions> options,
    IOptions<RankingOptions> ranking,
    IOptions<TrendingOptions> trendingOptions,
    TimeProvider time,
    ILogger<DigestPlanner> logger)
{
    // Digests chosen, serialized and written per chunk: the memory of a run does not grow with its subscribers' papers.
    const int WriteChunk = 2000;
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
                subscriber.ConfirmedAt ?? DateTimeOffset.UnixEpoch,
                subscriber.LastDigestDate,
                subscriber.LastDigestAt,
                options.Value.CatchUpWindow),
            cancellationToken);

    async Task<PlanSummary> PlanAsync(string runId, Func<PlanningCandidate, DateTimeOffset, DateOnly?> dueDate, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var watch = Stopwatch.StartNew();

        var through = await store.LatestPaperIdAsync(cancellationToken);
        var watermarks = new Watermarks(await RecentAsync(now, settings, cancellationToken), through, now, settings.FirstDigestLookback, OldestNews);
        var due = await store.DueAsync(
            DigestDate.Latest(time),
            candidate => dueDate(candidate, now) is { } date ? (date, watermarks.For(candidate.After, candidate.ConfirmedAt)) : null,
            cancellationToken);
        var loaded = watch.Elapsed;
        if (due.Count == 0)
        {
            return new PlanSummary(0, 0);
        }

        var matches = await matching.MatchAsync(due.LowestWatermarkPerTopic(), through, ranking.Value.UpvoteWeight, now, cancellationToken);
        // Trending is one more distinct topic: the upvoted papers above the lowest watermark of those who asked for it.
        var trendingFrom = due.LowestWatermark((_, trending) => trending) ?? through;
        var trending = trendingFrom < through ? await store.UpvotedAsync(trendingFrom, through, cancellationToken) : null;
        var matched = watch.Elapsed;
        var similarity = await SimilarityAsync(due, through, cancellationToken);
        var profiled = watch.Elapsed;

        var (pending, skipped) = (0, 0);
        foreach (var chunk in due.Chunks(WriteChunk))
        {
            // Choosing is pure computation over read-only maps: it uses every core.
            var planned = chunk.AsParallel().AsOrdered().Select(digest => Plan(digest, matches, trending, similarity, settings, trendingOptions.Value.TrendingPapers)).ToList();
            var withPapers = planned.Count(p => p.PaperCount > 0);
            (pending, skipped) = (pending + withPapers, skipped + planned.Count - withPapers);
            await store.WriteAsync(planned, runId, through, now, cancellationToken);
        }

        logger.LogInformation(
            "Planned run {Run}: {Pending} digests to send, {Skipped} with nothing new, {Topics} distinct topics, papers up to {Through}; " +
            "{Load:F2} s loading, {Match:F2} s matching, {Profiles:F2} s loading {Profiled} reader profiles, {Write:F2} s choosing and writing",
            runId, pending, skipped, due.DistinctTopics.Count, through, loaded.TotalSeconds, (matched - loaded).TotalSeconds,
            (profiled - matched).TotalSeconds, similarity.Profiles.Count, (watch.Elapsed - profiled).TotalSeconds);
        return new PlanSummary(pending, skipped);
    }

    Task<(long Id, DateTimeOffset IngestedAt)[]> RecentAsync(DateTimeOffset now, DigestOptions settings, CancellationToken cancellationToken) =>
        store.IngestedSinceAsync(Watermarks.Oldest(now, settings.FirstDigestLookback, OldestNews), cancellationToken);

    /// <summary>
    /// The profiles of the readers who have one, and the vectors of the papers new to any of those who are due. Readers
    /// without a profile cost nothing here: no profile, no vectors read, no cosine computed.
    /// </summary>
    async Task<Similarity> SimilarityAsync(DueDigests due, long through, CancellationToken cancellationToken)
    {
        var profiles = await readers.LoadAsync(cancellationToken);
        var from = due.LowestWatermark((subscriberId, _) => profiles.ContainsKey(subscriberId)) ?? through;
        var vectors = from < through ? await embeddings.RangeAsync(from, through, cancellationToken) : PaperVectors.None;
        return new Similarity(profiles, vectors);
    }

    static PlannedDigest Plan(
        DueDigest digest, Dictionary<string, RankedMatches> matches, RankedMatches? trending, Similarity similarity, DigestOptions settings, int trendingPapers)
    {
        var topics = digest.Topics;
        var wantsTrending = digest.Trending;
        var topicMatches = topics.Select(t => matches.GetValueOrDefault(t)).ToList();
        var maxPapers = digest.MaxPapers ?? settings.MaxPapers;
        // The trending bit follows the topics' bits, and the similar bit follows those, so the ledger names them after them.
        IReadOnlyList<string> labels = wantsTrending ? [.. topics, DigestItem.TrendingLabel] : topics;
        var chosen = similarity.Profiles.TryGetValue(digest.SubscriberId, out var profile)
            ? ProfileChooser.Choose(
                topicMatches,
                digest.Watermark,
                maxPapers,
                wantsTrending ? trending : null,
                trendingPapers,
                profile,
                similarity.Papers,
                new SimilaritySettings(settings.SimilarityWeight, settings.SimilarityThreshold, settings.SimilarPapers),
                similarBit: labels.Count)
            : DigestChooser.Choose(topicMatches, digest.Watermark, maxPapers, wantsTrending ? trending : null, trendingPapers);
        if (chosen.Any(p => p.TopicMask == 1 << labels.Count))
        {
            labels = [.. labels, DigestItem.SimilarLabel];
        }

        return new PlannedDigest(digest.SubscriberId, DigestDate.Format(digest.Date), chosen.Count, DigestItem.Serialize(labels, chosen));
    }

    sealed record Similarity(Dictionary<long, ReaderProfile> Profiles, PaperVectors Papers);
}
