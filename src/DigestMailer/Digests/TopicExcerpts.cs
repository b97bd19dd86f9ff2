using System.Data.Common;
using Dapper;
using DigestMailer.Data;
using DigestMailer.Topics;

namespace DigestMailer.Digests;

/// <summary>
/// topic_excerpts: the highlighted abstract excerpt of each (topic, paper) match, written once per plan for all the
/// subscribers who share the topic; digests refer to it by id.
/// </summary>
public static class TopicExcerpts
{
    // Old excerpts serve only digests long sent; the view of an old digest falls back to the plain abstract.
    static readonly TimeSpan Kept = TimeSpan.FromDays(30);

    /// <returns>The excerpt id of each (topic key, paper id) that has one.</returns>
    /// <remarks>On PostgreSQL all rows go in one statement (<see cref="ColumnArrays"/>): 31,768 single upserts were a
    /// network round trip each.</remarks>
    public static async Task<Dictionary<(string Key, long PaperId), long>> SaveAsync(
        DbConnection connection, DatabaseEngine engine, IEnumerable<(string Key, TopicMatch Match)> matches, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = matches.Where(m => m.Match.Excerpt is not null)
            .Select(m => new { key = m.Key, paperId = m.Match.PaperId, excerpt = m.Match.Excerpt, now })
            .ToList();
        var ids = new Dictionary<(string, long), long>();
        if (rows.Count == 0)
        {
            return ids;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "DELETE FROM topic_excerpts WHERE created_at < @before", new { before = now - Kept }, transaction);
        const string OnConflict = "ON CONFLICT (topic_key, paper_id) DO UPDATE SET excerpt = excluded.excerpt, created_at = excluded.created_at";
        if (engine == DatabaseEngine.PostgreSql)
        {
            var columns = new ColumnArrays()
                .Column("topic_key", "text", rows.Select(r => r.key))
                .Column("paper_id", "bigint", rows.Select(r => r.paperId))
                .Column("excerpt", "text", rows.Select(r => r.excerpt));
            columns.Parameters.Add("now", UnixMs.From(now));
            await connection.ExecuteAsync(
                $"""
                INSERT INTO topic_excerpts (topic_key, paper_id, excerpt, created_at)
                SELECT r.topic_key, r.paper_id, r.excerpt, @now FROM {columns.From("r")}
                {OnConflict}
                """,
                columns.Parameters,
                transaction);
        }
        else
        {
            await connection.ExecuteAsync(
                $"""
                INSERT INTO topic_excerpts (topic_key, paper_id, excerpt, created_at) VALUES (@key, @paperId, @excerpt, @now)
                {OnConflict}
                """,
                rows,
                transaction);
        }

        var range = new { first = rows.Min(r => r.paperId), last = rows.Max(r => r.paperId) };
        foreach (var (id, key, paperId) in await connection.QueryAsync<(long, string, long)>(
            "SELECT id, topic_key, paper_id FROM topic_excerpts WHERE paper_id BETWEEN @first AND @last", range, transaction))
        {
            ids[(key, paperId)] = id;
        }

        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    public static async Task<Dictionary<long, string>> LoadAsync(DbConnection connection, SqlList lists, IEnumerable<long> ids)
    {
        var excerpts = await connection.QueryAsync<(long Id, string Excerpt)>(
            $"SELECT id, excerpt FROM topic_excerpts WHERE {lists.Contains("id", "ids")}", new { ids = lists.Bind(ids.Distinct()) });
        return excerpts.ToDictionary(e => e.Id, e => e.Excerpt);
    }
}
