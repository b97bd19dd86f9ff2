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

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM papers)", cancellationToken: cancellationToken));
    }

    public async Task<UpsertCounts> UpsertAsync(IReadOnlyList<PaperRecord> papers, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var counts = await UpsertAsync(connection, transaction, papers);
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    /// <summary>
    /// Inserts new papers and merges known ones inside the caller's transaction. Merge rules: a field the record
    /// leaves empty keeps its stored value (arXiv knows no upvotes, Hugging Face no categories); an older arXiv
    /// version never overwrites a newer one's title and abstract.
    /// </summary>
    /// <param name="fetchedForLikes">
    /// The papers were fetched by id because readers like them: old papers, marked so that no digest takes them as
    /// news. The mark is set only when a paper is inserted; a source that lists a known paper later leaves it as it is.
    /// </param>
    public async Task<UpsertCounts> UpsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PaperRecord> papers, bool fetchedForLikes = false)
    {
        // The last description of a paper in one batch wins, as it would across two batches.
        var unique = papers.GroupBy(p => p.ArxivId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var now = time.GetUtcNow();
        var known = await KnownIdsAsync(connection, transaction, unique.Select(p => p.ArxivId));
        if (connections.Engine == DatabaseEngine.PostgreSql)
        {
            await UpsertRowsAsync(connection, transaction, unique, now, fetchedForLikes);
        }
        else
        {
            await connection.ExecuteAsync(UpsertSql, unique.Select(p => Parameters(p, now, fetchedForLikes)), transaction);
        }

        var updated = unique.Count(p => known.Contains(p.ArxivId));
        return new UpsertCounts(unique.Count - updated, updated);
    }

    const string Columns =
        """
        INSERT INTO papers (arxiv_id, title, abstract, authors, categories, primary_category, published_at, version,
                            comment, doi, journal_ref, on_huggingface, upvotes, num_comments, github_repo, github_stars,
                            project_page, ai_summary, ai_keywords, ingested_at, updated_at, fetched_for_likes)
        """;

    static readonly string UpsertSql = Columns +
        """
        VALUES (@ArxivId, @Title, @Abstract, @Authors, @Categories, @PrimaryCategory, @PublishedAt, @Version,
                @Comment, @Doi, @JournalRef, @OnHuggingFace, COALESCE(@Upvotes, 0), COALESCE(@NumComments, 0), @GithubRepo,
                @GithubStars, @ProjectPage, @AiSummary, @AiKeywords, @now, @now, @fetchedForLikes)
        """ + "\n" + Merge("@Upvotes IS NULL", "@NumComments IS NULL");

    // How a known paper takes a new description. upvotes and num_comments keep their stored values when the record
    // has none (the conditions given say when).
    static string Merge(string upvotesMissing, string numCommentsMissing) =>
        $"""
        ON CONFLICT (arxiv_id) DO UPDATE SET
            title = CASE WHEN COALESCE(excluded.version, 0) >= COALESCE(papers.version, 0) THEN excluded.title ELSE papers.title END,
            abstract = CASE WHEN excluded.abstract <> '' AND COALESCE(excluded.version, 0) >= COALESCE(papers.version, 0)
                            THEN excluded.abstract ELSE papers.abstract END,
            authors = CASE WHEN excluded.authors <> '' THEN excluded.authors ELSE papers.authors END,
            categories = CASE WHEN excluded.categories <> '' THEN excluded.categories ELSE papers.categories END,
            primary_category = COALESCE(excluded.primary_category, papers.primary_category),
            published_at = COALESCE(papers.published_at, excluded.published_at),
            version = CASE WHEN COALESCE(excluded.version, 0) > COALESCE(papers.version, 0) THEN excluded.version ELSE papers.version END,
            comment = COALESCE(excluded.comment, papers.comment),
            doi = COALESCE(excluded.doi, papers.doi),
            journal_ref = COALESCE(excluded.journal_ref, papers.journal_ref),
            on_huggingface = CASE WHEN excluded.on_huggingface > papers.on_huggingface THEN excluded.on_huggingface ELSE papers.on_huggingface END,
            upvotes = CASE WHEN {upvotesMissing} THEN papers.upvotes ELSE excluded.upvotes END,
            num_comments = CASE WHEN {numCommentsMissing} THEN papers.num_comments ELSE excluded.num_comments END,
            github_repo = COALESCE(excluded.github_repo, papers.github_repo),
            github_stars = COALESCE(excluded.github_stars, papers.github_stars),
            project_page = COALESCE(excluded.project_page, papers.project_page),
            ai_summary = COALESCE(excluded.ai_summary, papers.ai_summary),
            ai_keywords = COALESCE(excluded.ai_keywords, papers.ai_keywords),
            updated_at = excluded.updated_at
        """;

    /// <summary>
    /// PostgreSQL: one statement per run of papers alike in which of upvotes and num_comments they leave empty (a
    /// batch from one source is one run), their columns as arrays (<see cref="ColumnArrays"/>), instead of a network
    /// round trip per paper. Runs keep the batch's order, and so the order of new papers' ids.
    /// </summary>
    static async Task UpsertRowsAsync(DbConnection connection, DbTransaction transaction, List<PaperRecord> papers, DateTimeOffset now, bool fetchedForLikes)
    {
        for (var start = 0; start < papers.Count;)
        {
            var (noUpvotes, noComments) = (papers[start].Upvotes is null, papers[start].NumComments is null);
            var end = start + 1;
            while (end < papers.Count && papers[end].Upvotes is null == noUpvotes && papers[end].NumComments is null == noComments)
            {
                end++;
            }

            var run = papers[start..end];
            var rows = new ColumnArrays()
                .Column("arxiv_id", "text", run.Select(p => p.ArxivId))
                .Column("title", "text", run.Select(p => p.Title))
                .Column("abstract", "text", run.Select(p => p.Abstract))
                .Column("authors", "text", run.Select(p => string.Join(ListSeparator, p.Authors)))
                .Column("categories", "text", run.Select(p => string.Join(' ', p.Categories)))
                .Column("primary_category", "text", run.Select(p => p.PrimaryCategory))
                .Column("published_at", "bigint", run.Select(p => UnixMs.From(p.PublishedAt)))
                .Column("version", "bigint", run.Select(p => (long?)p.Version))
                .Column("comment", "text", run.Select(p => p.Comment))
                .Column("doi", "text", run.Select(p => p.Doi))
                .Column("journal_ref", "text", run.Select(p => p.JournalRef))
                .Column("on_huggingface", "bigint", run.Select(p => p.OnHuggingFace ? 1L : 0L))
                .Column("upvotes", "bigint", run.Select(p => (long)(p.Upvotes ?? 0)))
                .Column("num_comments", "bigint", run.Select(p => (long)(p.NumComments ?? 0)))
                .Column("github_repo", "text", run.Select(p => p.GithubRepo))
                .Column("github_stars", "bigint", run.Select(p => (long?)p.GithubStars))
                .Column("project_page", "text", run.Select(p => p.ProjectPage))
                .Column("ai_summary", "text", run.Select(p => p.AiSummary))
                .Column("ai_keywords", "text", run.Select(p => p.AiKeywords.Count == 0 ? null : string.Join(ListSeparator, p.AiKeywords)));
            rows.Parameters.Add("now", UnixMs.From(now));
            rows.Parameters.Add("fetchedForLikes", fetchedForLikes ? 1L : 0L);
            await connection.ExecuteAsync(
                $"""
                {Columns}
                SELECT r.*, @now, @now, @fetchedForLikes FROM {rows.From("r")}
                {Merge(noUpvotes ? "TRUE" : "FALSE", noComments ? "TRUE" : "FALSE")}
                """,
                rows.Parameters,
                transaction);
            start = end;
        }
    }

    static object Parameters(PaperRecord p, DateTimeOffset now, bool fetchedForLikes) => new
    {
        p.ArxivId,
        p.Title,
        p.Abstract,
        Authors = string.Join(ListSeparator, p.Authors),
        Categories = string.Join(' ', p.Categories),
        p.PrimaryCategory,
        p.PublishedAt,
        p.Version,
        p.Comment,
        p.Doi,
        p.JournalRef,
        OnHuggingFace = p.OnHuggingFace ? 1 : 0,
        p.Upvotes,
        p.NumComments,
        p.GithubRepo,
        p.GithubStars,
        p.ProjectPage,
        p.AiSummary,
        AiKeywords = p.AiKeywords.Count == 0 ? null : string.Join(ListSeparator, p.AiKeywords),
        now,
        fetchedForLikes = fetchedForLikes ? 1 : 0,
    };

    /// <summary>Stores the papers fetched for likes, and records the ids the API had no paper for, in one transaction.</summary>
    public async Task<UpsertCounts> StoreLikedAsync(IReadOnlyList<PaperRecord> fetched, IEnumerable<string> unknown, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var counts = await UpsertAsync(connection, transaction, fetched, fetchedForLikes: true);
        await connection.ExecuteAsync(
            """
            INSERT INTO unknown_liked_ids (arxiv_id, checked_at) VALUES (@arxivId, @now)
            ON CONFLICT (arxiv_id) DO UPDATE SET checked_at = excluded.checked_at
            """,
            unknown.Select(arxivId => new { arxivId, now = time.GetUtcNow() }),
            transaction);
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    public async Task<HashSet<string>> KnownIdsAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await KnownIdsAsync(connection, null, ids);
    }

    async Task<HashSet<string>> KnownIdsAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<string> ids)
    {
        var known = await connection.QueryAsync<string>(
            $"SELECT arxiv_id FROM papers WHERE {connections.Lists.Contains("arxiv_id", "ids")}", new { ids = connections.Lists.Bind(ids) }, transaction);
        return known.ToHashSet(StringComparer.Ordinal);
    }
}
