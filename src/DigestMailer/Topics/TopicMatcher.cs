using System.Data.Common;
using DigestMailer.Data;

namespace DigestMailer.Topics;

public sealed class TopicMatch
{
    public long PaperId { get; init; }

    /// <summary>Full-text relevance, higher is better (the negated FTS5 bm25, or PostgreSQL's ts_rank).</summary>
    public double Relevance { get; init; }

    public int Upvotes { get; init; }

    /// <summary>The best part of the abstract for this topic, matched words between \u0002 and \u0003.</summary>
    public string? Excerpt { get; init; }

    /// <summary>What digests rank by: relevance, lifted by ln(1 + upvotes) times the configured weight.</summary>
    public double Score(double upvoteWeight) => Relevance + (upvoteWeight * Math.Log(1 + Math.Max(0, Upvotes)));
}

/// <summary>
/// Runs one topic against a range of papers in the database's full-text index: the seam between the topic language
/// and the engine (FTS5 on SQLite, tsvector on PostgreSQL). Both stem words, so both then keep a paper for a word of
/// the topic only where a form of the word they matched is one <see cref="WordForms"/> accepts.
/// </summary>
public abstract class TopicMatcher
{
    public static TopicMatcher For(DatabaseEngine engine) =>
        engine == DatabaseEngine.PostgreSql ? new PostgresTopicMatcher() : new Fts5TopicMatcher();

    /// <summary>The papers with an id in (<paramref name="after"/>, <paramref name="through"/>] that match the topic.</summary>
    public async Task<IReadOnlyList<TopicMatch>> MatchAsync(
        DbConnection connection, Topic topic, long after, long through, CancellationToken cancellationToken)
    {
        var matches = await QueryAsync(connection, topic, after, through, cancellationToken);
        foreach (var word in topic.Terms.Where(t => t is { Kind: TopicTermKind.Word, Negated: false }))
        {
            if (matches.Count == 0)
            {
                break;
            }

            var kept = new HashSet<long>();
            // Chunked: SQLite binds at most 32,766 parameters, and a broad word over many papers can match more.
            foreach (var chunk in matches.Select(m => m.PaperId).Chunk(5000))
            {
                var marked = await MarkWordAsync(connection, word, chunk, cancellationToken);
                kept.UnionWith(marked.Where(r => MarkedWords(r.Marked).Any(found => WordForms.Accepts(word.Text, found))).Select(r => r.PaperId));
            }

            matches = [.. matches.Where(m => kept.Contains(m.PaperId))];
        }

        return matches;
    }

    /// <summary>The engine's matches of the whole topic, with relevance, upvotes and a highlighted abstract excerpt.</summary>
    protected abstract Task<List<TopicMatch>> QueryAsync(DbConnection connection, Topic topic, long after, long through, CancellationToken cancellationToken);

    /// <summary>Title and abstract of each paper, with the words the engine matched for one word marked by \u0002 and \u0003.</summary>
    protected abstract Task<IEnumerable<(long PaperId, string Marked)>> MarkWordAsync(
        DbConnection connection, TopicTerm word, long[] paperIds, CancellationToken cancellationToken);

    static IEnumerable<string> MarkedWords(string marked)
    {
        for (var start = marked.IndexOf('\u0002', StringComparison.Ordinal); start >= 0; start = marked.IndexOf('\u0002', start + 1))
        {
            var end = marked.IndexOf('\u0003', start + 1);
            if (end < 0)
            {
                yield break;
            }

            yield return marked[(start + 1)..end];
        }
    }
}
