using System.Text.Json;
using Dapper;
using DigestMailer.Data;
using DigestMailer.Papers;
using DigestMailer.Tests.Infrastructure;
using DigestMailer.Topics;

namespace DigestMailer.Tests.Relevance;

public sealed record RelevancePaper(string Id, string Title, string Abstract, string[] Authors, string[] Categories);

public sealed record RelevanceTopic(string Topic, string[] Relevant, string Why);

public sealed record RelevanceData(RelevancePaper[] Papers, RelevanceTopic[] Topics);

public sealed record TopicScore(string Topic, int TruePositives, int FalsePositives, int FalseNegatives, IReadOnlyList<string> Unwanted, IReadOnlyList<string> Missed);

/// <summary>
/// The hand-judged relevance set in relevance.json (papers, and for each topic the papers a researcher following
/// it wants), run through the real matcher on a real full-text index (SQLite FTS5 or PostgreSQL tsvector).
/// </summary>
public static class RelevanceSet
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RelevanceData Load() => JsonSerializer.Deserialize<RelevanceData>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Relevance", "relevance.json")), Json)!;

    public static async Task<IReadOnlyList<TopicScore>> ScoreAsync(RelevanceData data, DatabaseEngine engine)
    {
        using var database = new TestDatabase(engine);
        await new PaperStore(database.Connections, TimeProvider.System).UpsertAsync(
            data.Papers.Select(p => new PaperRecord
            {
                ArxivId = p.Id,
                Title = p.Title,
                Abstract = p.Abstract,
                Authors = p.Authors,
                Categories = p.Categories,
            }).ToList(),
            CancellationToken.None);

        await using var connection = await database.Connections.OpenAsync(CancellationToken.None);
        var arxivIds = (await connection.QueryAsync<(long Id, string ArxivId)>("SELECT id, arxiv_id FROM papers")).ToDictionary(p => p.Id, p => p.ArxivId);
        var scores = new List<TopicScore>();
        foreach (var topic in data.Topics)
        {
            var parsed = TopicParser.Parse(topic.Topic).Topic ?? throw new InvalidOperationException($"'{topic.Topic}' does not parse");
            var found = (await database.Matcher.MatchAsync(connection, parsed, 0, long.MaxValue, CancellationToken.None))
                .Select(m => arxivIds[m.PaperId]).ToHashSet();
            var wanted = topic.Relevant.ToHashSet();
            scores.Add(new TopicScore(
                topic.Topic,
                found.Count(wanted.Contains),
                found.Count(f => !wanted.Contains(f)),
                wanted.Count(w => !found.Contains(w)),
                found.Where(f => !wanted.Contains(f)).Order().ToList(),
                wanted.Where(w => !found.Contains(w)).Order().ToList()));
        }

        return scores;
    }
}
