using DigestMailer.Pages;
using DigestMailer.Papers;

namespace DigestMailer.Subscriptions;

/// <summary>
/// /feedback?token=…&amp;paper=…&amp;vote=more|less: the "More like this" and "Less like this" links of each paper in a
/// digest. GET shows one button, so a link scanner opening every URL of a mail changes nothing; the button's POST
/// records the vote (again: the latest vote counts). The token is the digest's preferences token.
/// </summary>
public static class FeedbackPages
{
    public static IEndpointRouteBuilder MapFeedbackPages(this IEndpointRouteBuilder app)
    {
        var feedback = app.MapGroup("/feedback").OpenedBySubscriberLinks(LinkPurpose.Preferences);
        feedback.MapGet("", ShowAsync);
        feedback.MapPost("", VoteAsync);
        return app;
    }

    static async Task<IResult> ShowAsync(
        HttpContext context, SubscriberLink link, string? paper, string? vote, LikesStore likes, PageRenderer pages, CancellationToken cancellationToken)
    {
        var (request, invalid) = await CheckAsync(context, link.Subscriber, paper, vote, likes, pages, cancellationToken);
        if (request is null)
        {
            return invalid!;
        }

        var more = request.Vote > 0;
        return await pages.MessageAsync(context, new MessagePage(
            more ? "More like this?" : "Less like this?",
            more
                ? $"Your digest will rank papers like \"{request.Title}\" higher."
                : $"Your digest will rank papers like \"{request.Title}\" lower.",
            new PageForm(Action(link.Token, request.ArxivId, vote!), more ? "More like this" : "Less like this", [])));
    }

    static async Task<IResult> VoteAsync(
        HttpContext context, SubscriberLink link, FormPost form, string? paper, string? vote, LikesStore likes, PageRenderer pages, CancellationToken cancellationToken)
    {
        var (request, invalid) = await CheckAsync(context, link.Subscriber, paper, vote, likes, pages, cancellationToken);
        if (request is null)
        {
            return invalid!;
        }

        await likes.VoteAsync(request.SubscriberId, request.PaperId, request.Vote, cancellationToken);
        return await pages.MessageAsync(context, new MessagePage(
            "Thanks, noted",
            request.Vote > 0
                ? $"You asked for more papers like \"{request.Title}\". You can change or remove this on your preferences page."
                : $"You asked for fewer papers like \"{request.Title}\". You can change or remove this on your preferences page.")
        {
            Link = new PageLink("/preferences?token=" + Uri.EscapeDataString(link.Token), "Your preferences"),
        });
    }

    static string Action(string token, string arxivId, string vote) =>
        $"/feedback?token={Uri.EscapeDataString(token)}&paper={Uri.EscapeDataString(arxivId)}&vote={vote}";

    sealed record FeedbackRequest(long SubscriberId, long PaperId, string ArxivId, string Title, int Vote);

    /// <summary>The vote a link asks for, or the page that says what is wrong with the link (400; 404 for a deleted subscriber).</summary>
    static async Task<(FeedbackRequest? Request, IResult? Invalid)> CheckAsync(
        HttpContext context, Subscriber subscriber, string? paper, string? vote, LikesStore likes, PageRenderer pages, CancellationToken cancellationToken)
    {
        int? value = vote switch { "more" => 1, "less" => -1, _ => null };
        if (value is null)
        {
            return (null, await BadLinkAsync(context, pages, "This link does not say whether you want more or fewer papers like this one (vote=more or vote=less). Use the link from the mail as it is."));
        }

        var found = LikedPaperIds.TryParse(paper, out var arxivId) ? await likes.FindPaperAsync(arxivId, cancellationToken) : null;
        if (found is not { } known)
        {
            return (null, await BadLinkAsync(context, pages, "This link names no paper we know. Use the link from the mail as it is."));
        }

        return (new FeedbackRequest(subscriber.Id, known.Id, arxivId, PaperText.Title(known.Title), value.Value), null);
    }

    static Task<IResult> BadLinkAsync(HttpContext context, PageRenderer pages, string message) =>
        pages.MessageAsync(context, new MessagePage("Link not valid", message), StatusCodes.Status400BadRequest);
}
