using System.Data.Common;
using Dapper;

namespace DigestMailer.Topics;

public sealed class TopicMatch
{
    public long PaperId { get; init; }

    /// <summary>Full-text relevance, higher is better (the negated FTS5 bm25).</summary>
    public double Relevance { get; init; }

    public int Upvotes { get; init; }

    /// <summary>The best part of the abstract for this topic, matched words between \u0002 and \u0003.</summary>
    public string? Excerpt { get; init; }

    /// <summary>What digests rank by: relevance, lifted by ln(1 + upvotes) times the configured weight.</summary>
    public double Score(double upvoteWeight) => Relevance + (upvoteWeight * Math.Log(1 + Math.Max(0, Upvotes)));
}

/// <summary>Runs one topic against a range of papers in the FTS5 index.</summary>
public static class TopicMatcher
{
    // bm25 weights per column (title, abstract, authors, categories): a word in the title counts four times
    // one in the abstract. The CAST matters: with no rows Microsoft.Data.Sqlite types bm25() as a blob.
    const string MatchSql =
        """
        SELECT papers_fts.rowid AS PaperId,
               CAST(-bm25(papers_fts, 4.0, 1.0, 1.0, 1.0) AS REAL) AS Relevance,
               p.upvotes AS Upvotes,
               snippet(papers_fts, 1, char(2), char(3), '…', 48) AS Excerpt
        FROM papers_fts
        JOIN papers p ON p.id = papers_fts.rowid
        WHERE papers_fts MATCH @query AND papers_fts.rowid > @after AND papers_fts.rowid <= @through
        """;

    // The words of the paper that matched one word of the topic, marked by control characters no text contains.
    const string MatchedWordsSql =
        """
        SELECT papers_fts.rowid AS PaperId,
               highlight(papers_fts, 0, char(2), char(3)) || ' ' || highlight(papers_fts, 1, char(2), char(3)) AS Marked
        FROM papers_fts
        WHERE papers_fts MATCH @query AND papers_fts.rowid IN @ids
        """;

    public static async Task<IReadOnlyList<TopicMatch>> MatchAsync(
        DbConnection connection, Topic topic, long after, long through, CancellationToken cancellationToken)
    {
        var command = new CommandDefinition(
            MatchSql, new { query = topic.ToFtsQuery(), after, through }, cancellationToken: cancellationToken);
        var matches = (await connection.QueryAsync<TopicMatch>(command)).AsList();
        foreach (var word in topic.Terms.Where(t => t is { Kind: TopicTermKind.Word, Negated: false }))
        {
            if (matches.Count == 0)
            {
                break;
            }

            var kept = await PapersWithAcceptedFormsAsync(connection, word, matches.Select(m => m.PaperId), cancellationToken);
            matches = matches.Where(m => kept.Contains(m.PaperId)).ToList();
        }

        return matches;
    }

    /// <summary>The papers in which at least one form of the word that FTS5 matched is one <see cref="WordForms"/> accepts.</summary>
    static async Task<HashSet<long>> PapersWithAcceptedFormsAsync(
        DbConnection connection, TopicTerm word, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var query = new Topic(word.Text, [word]).ToFtsQuery();
        var kept = new HashSet<long>();
        // Chunked: SQLite binds at most 32,766 parameters, and a broad word over many papers can match more.
        foreach (var chunk in ids.Chunk(5000))
        {
            var rows = await connection.QueryAsync<(long PaperId, string Marked)>(
                new CommandDefinition(MatchedWordsSql, new { query, ids = chunk }, cancellationToken: cancellationToken));
            kept.UnionWith(rows.Where(r => MarkedWords(r.Marked).Any(found => WordForms.Accepts(word.Text, found))).Select(r => r.PaperId));
        }

        return kept;
    }

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
