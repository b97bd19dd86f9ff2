using System.Data.Common;
using Dapper;

namespace DigestMailer.Topics;

/// <summary>Topics on SQLite's FTS5 index (papers_fts: porter stemming, diacritics removed).</summary>
public sealed class Fts5TopicMatcher : TopicMatcher
{
    // A paper fetched only because a reader liked it is old, never news: no topic offers it to a digest.
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
        WHERE papers_fts MATCH @query AND papers_fts.rowid > @after AND papers_fts.rowid <= @through AND p.fetched_for_likes = 0
        """;

    // The words of the paper that matched one word of the topic, marked by control characters no text contains.
    const string MatchedWordsSql =
        """
        SELECT papers_fts.rowid AS PaperId,
               highlight(papers_fts, 0, char(2), char(3)) || ' ' || highlight(papers_fts, 1, char(2), char(3)) AS Marked
        FROM papers_fts
        WHERE papers_fts MATCH @query AND papers_fts.rowid IN @ids
        """;

    protected override async Task<List<TopicMatch>> QueryAsync(
        DbConnection connection, Topic topic, long after, long through, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<TopicMatch>(new CommandDefinition(
            MatchSql, new { query = topic.ToFtsQuery(), after, through }, cancellationToken: cancellationToken))).AsList();

    protected override Task<IEnumerable<(long PaperId, string Marked)>> MarkWordAsync(
        DbConnection connection, TopicTerm word, long[] paperIds, CancellationToken cancellationToken) =>
        connection.QueryAsync<(long PaperId, string Marked)>(new CommandDefinition(
            MatchedWordsSql, new { query = new Topic(word.Text, [word]).ToFtsQuery(), ids = paperIds }, cancellationToken: cancellationToken));
}
