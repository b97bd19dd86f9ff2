using System.Data.Common;
using Dapper;
using DigestMailer.Data;

namespace DigestMailer.Papers;

public sealed record UpsertCounts(int Inserted, int Updated);

/// <summary>Stores papers, one row per arXiv id; the FTS5 index follows through triggers in the same transaction.</summary>
public sealed class PaperStore(DbConnectionFactory connections, TimeProvider time)
{
    // Multi-valued fields are stored newline-separated: names may contain commas, never line breaks.
    internal const char ListSeparator = '\n';

    public async Task<UpsertCounts> UpsertAsync(IReadOnlyList<PaperRecord> papers, CancellationToken cancellationToken)
    {
        // The last description of a paper in one request wins, as it would across two requests.
        var unique = papers.GroupBy(p => p.ArxivId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var known = await KnownIdsAsync(connection, transaction, unique.Select(p => p.ArxivId));
        await connection.ExecuteAsync(
            """
            INSERT INTO papers (arxiv_id, title, abstract, authors, categories, published_at, upvotes, num_comments,
                                github_repo, github_stars, project_page, ai_summary, ai_keywords, ingested_at, updated_at)
            VALUES (@ArxivId, @Title, @Abstract, @Authors, @Categories, @PublishedAt, @Upvotes, @NumComments,
                    @GithubRepo, @GithubStars, @ProjectPage, @AiSummary, @AiKeywords, @now, @now)
            ON CONFLICT (arxiv_id) DO UPDATE SET
                title = excluded.title,
                abstract = CASE WHEN excluded.abstract <> '' THEN excluded.abstract ELSE papers.abstract END,
                authors = CASE WHEN excluded.authors <> '' THEN excluded.authors ELSE papers.authors END,
                categories = CASE WHEN excluded.categories <> '' THEN excluded.categories ELSE papers.categories END,
                published_at = COALESCE(excluded.published_at, papers.published_at),
                upvotes = excluded.upvotes,
                num_comments = excluded.num_comments,
                github_repo = COALESCE(excluded.github_repo, papers.github_repo),
                github_stars = COALESCE(excluded.github_stars, papers.github_stars),
                project_page = COALESCE(excluded.project_page, papers.project_page),
                ai_summary = COALESCE(excluded.ai_summary, papers.ai_summary),
                ai_keywords = COALESCE(excluded.ai_keywords, papers.ai_keywords),
                updated_at = excluded.updated_at
            """,
            unique.Select(p => new
            {
                p.ArxivId,
                p.Title,
                p.Abstract,
                Authors = string.Join(ListSeparator, p.Authors),
                Categories = string.Join(' ', p.Categories),
                PublishedAt = p.PublishedAt?.ToUnixTimeMilliseconds(),
                p.Upvotes,
                p.NumComments,
                p.GithubRepo,
                p.GithubStars,
                p.ProjectPage,
                p.AiSummary,
                AiKeywords = p.AiKeywords.Count == 0 ? null : string.Join(ListSeparator, p.AiKeywords),
                now,
            }),
            transaction);
        await transaction.CommitAsync(cancellationToken);
        var updated = unique.Count(p => known.Contains(p.ArxivId));
        return new UpsertCounts(unique.Count - updated, updated);
    }

    static async Task<HashSet<string>> KnownIdsAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> ids)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        // Chunked to stay far below SQLite's limit on bound parameters.
        foreach (var chunk in ids.Chunk(500))
        {
            known.UnionWith(await connection.QueryAsync<string>(
                "SELECT arxiv_id FROM papers WHERE arxiv_id IN @chunk", new { chunk }, transaction));
        }

        return known;
    }
}
