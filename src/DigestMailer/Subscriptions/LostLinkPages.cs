using DigestMailer.Pages;

namespace DigestMailer.Subscriptions;

public sealed record LostLinkPage(string Email, string? EmailError);

/// <summary>
/// "Lost your link?": a person enters their address and gets a mail with a fresh preferences link. The answer is
/// the same whether or not the address is known, and at most one such mail goes out per address and hour.
/// </summary>
public static class LostLinkPages
{
    public static IEndpointRouteBuilder MapLostLinkPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/preferences/lost", (HttpContext context, PageRenderer pages) => pages.RenderAsync(context, "lost-link", new LostLinkPage("", null)));
        app.MapPost("/preferences/lost", RequestAsync).RequireRateLimiting(SubscriptionsApi.SignupRateLimit);
        return app;
    }

    static async Task<IResult> RequestAsync(
        HttpContext context,
        AddressRequests requests,
        PageRenderer pages,
        FormPost form,
        CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryParse(form["email"], out var address, out var error))
        {
            return await pages.RenderAsync(context, "lost-link", new LostLinkPage(form["email"] ?? "", error), StatusCodes.Status400BadRequest);
        }

        // Answered once received, the same work for a subscriber's address and a stranger's (AddressRequests).
        await requests.EnqueuePreferencesLinkAsync(address!, cancellationToken);
        return await pages.MessageAsync(context, new MessagePage(
            "Check your inbox",
            $"If {address!.Address} is subscribed, a mail with a fresh link to your preferences is on its way. It can take a few minutes; one link per hour at most."));
    }
}
