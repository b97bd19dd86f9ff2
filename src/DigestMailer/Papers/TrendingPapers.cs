using System.Globalization;
using Dapper;
using DigestMailer.Data;

namespace DigestMailer.Papers;

/// <summary>A paper as the pages list it: title, authors, votes and a short abstract (or the part a topic matched).</summary>
public sealed record PaperCard(string ArxivId, string Title, string Url, string Authors, string? Published, int Upvotes, string ExcerptHtml);

/// <summary>The papers listed on one day, most upvoted first; no date when nothing is stored.</summary>
public sealed record TrendingDay(string? Date, IReadOnlyList<PaperCard> Papers);

/// <summary>The most upvoted recent papers, as the Hugging Face Daily Papers page lists them, for the public pages.</summary>
public sealed class TrendingPapers(DbConnectionFactory connections, TimeProvider time)
{
    const int AuthorsShown = 5;
    static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>
    /// The latest day's papers: those ingested in the 24 hours up to the newest ingestion (Daily Papers lists a day
    /// through the day, and the ingest reads it hourly), so the list stays full between a quiet night and the next day.
    /// </summary>
    public async Task<TrendingDay> LatestDayAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var newest = await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition("SELECT MAX(ingested_at) FROM papers", cancellationToken: cancellationToken));
        if (newest is not { } at)
        {
            return new TrendingDay(null, []);
        }

        var papers = await MostUpvotedAsync(connection, at - Day, limit, cancellationToken);
        return new TrendingDay(at.ToString("d MMMM yyyy", CultureInfo.InvariantCulture), papers);
    }

    /// <summary>The most upvoted papers ingested within <paramref name="window"/>.</summary>
    public async Task<IReadOnlyList<PaperCard>> RecentAsync(TimeSpan window, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await MostUpvotedAsync(connection, time.GetUtcNow() - window, limit, cancellationToken);
    }

    public static PaperCard Card(string arxivId, string title, string authors, DateTimeOffset? publishedAt, bool onHuggingFace, int upvotes, string excerpt) => new(
        arxivId,
        PaperText.Title(title),
        PaperLinks.Page(arxivId, onHuggingFace),
        PaperText.Authors(authors, AuthorsShown),
        publishedAt?.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
        upvotes,
        PaperText.HighlightedHtml(excerpt));

    // A paper nobody voted for is not trending, however new: arXiv-only papers have no votes.
    static async Task<IReadOnlyList<PaperCard>> MostUpvotedAsync(System.Data.Common.DbConnection connection, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string ArxivId, string Title, string Abstract, string Authors, DateTimeOffset? PublishedAt, bool OnHuggingFace, long Upvotes)>(
            new CommandDefinition(
                """
                SELECT arxiv_id, title, abstract, authors, published_at, on_huggingface, upvotes
                FROM papers
                WHERE ingested_at >= @since AND upvotes > 0
                ORDER BY upvotes DESC, id DESC
                LIMIT @limit
                """,
                new { since, limit },
                cancellationToken: cancellationToken));
        return [.. rows.Select(p => Card(p.ArxivId, p.Title, p.Authors, p.PublishedAt, p.OnHuggingFace, (int)p.Upvotes, PaperText.Excerpt(p.Abstract)))];
    }
}
