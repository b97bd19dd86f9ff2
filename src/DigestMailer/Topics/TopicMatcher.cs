using System.Data.Common;
using Dapper;

namespace DigestMailer.Topics;

public sealed class TopicMatch
{
    public long PaperId { get; init; }

    /// <summary>Full-text relevance, higher is better (the negated FTS5 bm25).</summary>
    public double Relevance { get; init; }

    public int Upvotes { get; init; }
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
               p.upvotes AS Upvotes
        FROM papers_fts
        JOIN papers p ON p.id = papers_fts.rowid
        WHERE papers_fts MATCH @query AND papers_fts.rowid > @after AND papers_fts.rowid <= @through
        """;

    public static async Task<IReadOnlyList<TopicMatch>> MatchAsync(
        DbConnection connection, Topic topic, long after, long through, CancellationToken cancellationToken)
    {
        var command = new CommandDefinition(
            MatchSql, new { query = topic.ToFtsQuery(), after, through }, cancellationToken: cancellationToken);
        return (await connection.QueryAsync<TopicMatch>(command)).AsList();
    }
}
