using DigestMailer.Http;
using DigestMailer.Pages;
using DigestMailer.Subscriptions;

namespace DigestMailer.Digests;

/// <summary>/digests/{id}?token=…: a digest as a web page ("view in browser"), exactly the HTML part of its mail.</summary>
public static class DigestPages
{
    public static IEndpointRouteBuilder MapDigestPages(this IEndpointRouteBuilder app)
    {
        // The preferences token of the digest's subscriber: the person who can change the mail can read it.
        app.MapGet("/digests/{id:long}", ShowAsync).WithContentSecurityPolicy(ContentSecurityPolicy.MailAsPage).OpenedBySubscriberLinks(LinkPurpose.Preferences);
        return app;
    }

    static async Task<IResult> ShowAsync(
        HttpContext context, long id, SubscriberLink link, DigestLedger ledger, DigestMail mail, PageRenderer pages, CancellationToken cancellationToken)
    {
        var digest = (await ledger.LoadAsync([id], cancellationToken)).SingleOrDefault();
        if (digest is null || digest.SubscriberId != link.Subscriber.Id || digest.Papers.Count == 0)
        {
            return await pages.MessageAsync(context, new MessagePage("Not found", "There is no such digest for this link."), StatusCodes.Status404NotFound);
        }

        var message = await mail.BuildAsync(digest);
        return Results.Content(message.HtmlBody, "text/html; charset=utf-8");
    }
}
