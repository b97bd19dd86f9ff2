using System.Collections.Concurrent;
using DigestMailer.Data;
using DigestMailer.Topics;

namespace DigestMailer.Digests;

/// <summary>
/// Many subscribers share topics, so each distinct topic (by its parsed key) runs once, over the papers above the
/// lowest watermark of the subscribers who follow it, and its highlighted excerpts are stored once for all of them.
/// </summary>
public sealed class DistinctTopicMatching(DbConnectionFactory connections, TopicMatcher matcher, ILogger<DistinctTopicMatching> logger)
{
    /// <param name="from">Each topic as subscribers wrote it, with the lowest watermark among them.</param>
    /// <returns>Each topic text's ranked matches; a text that no longer parses or matched nothing is left out.</returns>
    public async Task<Dictionary<string, RankedMatches>> MatchAsync(
        IReadOnlyDictionary<string, long> from, long through, double upvoteWeight, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<string, (Topic Topic, long After)>(StringComparer.Ordinal);
        var keyOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (text, after) in from)
        {
            var parsed = TopicParser.Parse(text);
            if (parsed.Topic is null)
            {
                logger.LogWarning("Stored topic '{Topic}' no longer parses: {Error}", text, parsed.Error);
                continue;
            }

            var key = parsed.Topic.Key;
            keyOf[text] = key;
            keys[key] = keys.TryGetValue(key, out var known) ? (known.Topic, Math.Min(known.After, after)) : (parsed.Topic, after);
        }

        var matches = await MatchInParallelAsync(keys.Where(k => k.Value.After < through).ToList(), through, cancellationToken);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var excerpts = await TopicExcerpts.SaveAsync(
            connection, connections.Engine, matches.SelectMany(topic => topic.Value.Select(match => (topic.Key, match))), now, cancellationToken);

        var ranked = matches.Where(m => m.Value.Count > 0).ToDictionary(
            m => m.Key,
            m => new RankedMatches(m.Value.Select(match => new ScoredPaper(
                match.PaperId, match.Score(upvoteWeight), excerpts.TryGetValue((m.Key, match.PaperId), out var excerpt) ? excerpt : null))),
            StringComparer.Ordinal);
        return keyOf.Where(k => ranked.ContainsKey(k.Value)).ToDictionary(k => k.Key, k => ranked[k.Value], StringComparer.Ordinal);
    }

    /// <summary>Full-text queries are CPU-bound reads: one connection per core, each taking a share of the topics.</summary>
    async Task<ConcurrentDictionary<string, IReadOnlyList<TopicMatch>>> MatchInParallelAsync(
        List<KeyValuePair<string, (Topic Topic, long After)>> topics, long through, CancellationToken cancellationToken)
    {
        var matches = new ConcurrentDictionary<string, IReadOnlyList<TopicMatch>>(StringComparer.Ordinal);
        var workers = Math.Max(1, Environment.ProcessorCount);
        var shares = topics.Select((topic, index) => (topic, index)).GroupBy(t => t.index % workers, t => t.topic);
        await Parallel.ForEachAsync(
            shares,
            new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken },
            async (share, token) =>
            {
                await using var connection = await connections.OpenAsync(token);
                foreach (var (key, (topic, after)) in share)
                {
                    matches[key] = await matcher.MatchAsync(connection, topic, after, through, token);
                }
            });
        return matches;
    }
}
