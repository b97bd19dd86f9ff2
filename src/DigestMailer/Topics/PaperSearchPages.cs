using System.Globalization;
using DigestMailer.Pages;
using DigestMailer.Papers;

namespace DigestMailer.Topics;

/// <param name="Query">What was searched, as typed; empty for the trending list.</param>
/// <param name="Matched">How many recent papers the query matched (more than are shown); null without a query.</param>
public sealed record PaperSearchPage(string Query, string? Error, int? Matched, IReadOnlyList<PaperCard> Papers);

/// <summary>
/// GET /papers?q=…: recent papers searched with the topic language, ranked and highlighted as a digest would show them,
/// so a visitor sees what a topic brings before subscribing. Without q, the week's most upvoted papers.
/// </summary>
public static class PaperSearchPages
{
    const int TrendingShown = 30;

    public static IEndpointRouteBuilder MapPaperSearchPages(this IEndpointRouteBuilder app)
    {
        // The same full-text work as the preview API, under the same per-client limit.
        app.MapGet("/papers", SearchAsync).RequireRateLimiting(TopicsApi.PreviewRateLimit);
        return app;
    }

    static async Task<IResult> SearchAsync(
        HttpContext context, string? q, PageRenderer pages, TopicPreview preview, TrendingPapers trending, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            var recent = await trending.RecentAsync(TopicPreview.Window, TrendingShown, cancellationToken);
            return await pages.RenderAsync(context, "papers", new PaperSearchPage("", null, null, recent));
        }

        var parsed = TopicParser.Parse(q);
        if (parsed.Topic is null)
        {
            return await pages.RenderAsync(
                context, "papers", new PaperSearchPage(q, $"{parsed.Error} (at character {parsed.Position})", null, []), StatusCodes.Status400BadRequest);
        }

        var result = await preview.PreviewAsync(parsed.Topic, cancellationToken);
        return await pages.RenderAsync(context, "papers", new PaperSearchPage(q, null, result.Matched, [.. result.Papers.Select(Card)]));
    }

    static PaperCard Card(PreviewPaper paper) => new(
        paper.ArxivId,
        paper.Title,
        paper.Url,
        paper.Authors,
        paper.Published?.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
        paper.Upvotes,
        paper.ExcerptHtml);
}
