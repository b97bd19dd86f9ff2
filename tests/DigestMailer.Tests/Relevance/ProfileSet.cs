using System.Globalization;
using System.Text.Json;
using Dapper;
using DigestMailer.Data;
using DigestMailer.Digests;
using DigestMailer.Papers;
using DigestMailer.Relevance;
using DigestMailer.Tests.Infrastructure;
using DigestMailer.Topics;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigestMailer.Tests.Relevance;

public sealed record JudgedPaper(string Title, string Abstract, bool Wanted = true, string Why = "", bool Written = false);

public sealed record JudgedProfile(string Topic, string Reader, JudgedPaper[] Liked, JudgedPaper[] Candidates);

public sealed record ProfileData(JudgedProfile[] Profiles);

/// <summary>How many of a digest's first ten papers the reader wanted, ranked by topic alone and with their likes.</summary>
public sealed record ProfileScore(string Topic, int Without, int With, IReadOnlyList<string> UnwantedWith, int Similar)
{
    public const int Top = 10;
}

/// <summary>
/// The judged profile set in profiles.json, run through the real parts: the papers stored and matched on a real
/// full-text index, embedded by <see cref="EmbedPapersJob"/> with the packaged model, the reader's likes stored in
/// subscriber_likes and made a profile by <see cref="ReaderProfiles"/>, and the top ten chosen by
/// <see cref="DigestChooser"/> (no likes) and <see cref="ProfileChooser"/> (likes) with the shipped options.
/// </summary>
public static class ProfileSet
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly EmbeddingModel Model = new();

    public static ProfileData Load() => JsonSerializer.Deserialize<ProfileData>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Relevance", "profiles.json")), Json)!;

    public static async Task<IReadOnlyList<ProfileScore>> ScoreAsync(ProfileData data, DatabaseEngine engine)
    {
        var scores = new List<ProfileScore>();
        foreach (var (profile, index) in data.Profiles.Select((p, i) => (p, i)))
        {
            scores.Add(await ScoreAsync(profile, index, engine));
        }

        return scores;
    }

    static async Task<ProfileScore> ScoreAsync(JudgedProfile judged, int index, DatabaseEngine engine)
    {
        using var database = new TestDatabase(engine);
        var connections = database.Connections;
        // The liked papers first: their ids sit at or below the watermark, so neither ranking offers them as news.
        var papers = judged.Liked.Concat(judged.Candidates)
            .Select((paper, n) => (ArxivId: string.Create(CultureInfo.InvariantCulture, $"2601.{index + 1}{n:D4}"), paper))
            .ToList();
        await new PaperStore(connections, TimeProvider.System).UpsertAsync(
            [.. papers.Select(p => new PaperRecord { ArxivId = p.ArxivId, Title = p.paper.Title, Abstract = p.paper.Abstract, Authors = ["A. Reader"] })],
            CancellationToken.None);
        var embeddings = new EmbeddingStore(connections, TimeProvider.System);
        await new EmbedPapersJob(embeddings, Model, NullLogger<EmbedPapersJob>.Instance).RunAsync(CancellationToken.None);

        await using var connection = await connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("INSERT INTO subscribers (id, email, email_key, status, created_at) VALUES (1, 'reader@example.org', 'reader@example.org', 'active', 0)");
        await connection.ExecuteAsync(
            "INSERT INTO subscriber_likes (subscriber_id, arxiv_id, created_at) VALUES (1, @ArxivId, 0)",
            papers.Take(judged.Liked.Length).Select(p => new { p.ArxivId }));
        var ids = (await connection.QueryAsync<(long Id, string ArxivId)>("SELECT id, arxiv_id FROM papers")).ToDictionary(p => p.Id, p => p.ArxivId);
        var byArxivId = papers.ToDictionary(p => p.ArxivId, p => p.paper);
        var watermark = ids.Where(p => papers.Take(judged.Liked.Length).Any(l => l.ArxivId == p.Value)).Max(p => p.Key);

        var settings = new DigestOptions();
        var topic = TopicParser.Parse(judged.Topic).Topic ?? throw new InvalidOperationException($"'{judged.Topic}' does not parse");
        var matches = new RankedMatches((await database.Matcher.MatchAsync(connection, topic, 0, long.MaxValue, CancellationToken.None))
            .Select(m => new ScoredPaper(m.PaperId, m.Score(new RankingOptions().UpvoteWeight), ExcerptId: null)));
        var profile = (await new ReaderProfiles(connections).LoadAsync(CancellationToken.None))[1];
        var vectors = await embeddings.RangeAsync(0, long.MaxValue, CancellationToken.None);

        var without = DigestChooser.Choose([matches], watermark, ScoreAsTop);
        var with = ProfileChooser.Choose(
            [matches], watermark, ScoreAsTop, trending: null, maxTrending: 0, profile, vectors,
            new SimilaritySettings(settings.SimilarityWeight, settings.SimilarityThreshold, settings.SimilarPapers), similarBit: 1);
        var topicPapers = with.Where(p => p.TopicMask == 1).ToList();
        bool Wanted(ChosenPaper paper) => byArxivId[ids[paper.PaperId]].Wanted;
        return new ProfileScore(
            judged.Topic,
            without.Count(Wanted),
            topicPapers.Count(Wanted),
            [.. topicPapers.Where(p => !Wanted(p)).Select(p => byArxivId[ids[p.PaperId]].Title)],
            with.Count - topicPapers.Count);
    }

    const int ScoreAsTop = ProfileScore.Top;
}
