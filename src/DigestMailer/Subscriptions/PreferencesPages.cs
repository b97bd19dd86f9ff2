using DigestMailer.Pages;
using Microsoft.AspNetCore.Mvc;

namespace DigestMailer.Subscriptions;

public sealed record PreferencesPage(
    string Email,
    string Status,
    string TopicsText,
    IReadOnlyList<string> TopicErrors,
    bool Saved,
    string SaveAction,
    string UnsubscribeAction,
    string ResubscribeAction);

/// <summary>/preferences?token=…: the page every digest links to, to change topics or stop the mail.</summary>
public static class PreferencesPages
{
    public static IEndpointRouteBuilder MapPreferencesPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/preferences", ShowAsync);
        app.MapPost("/preferences", SaveAsync);
        return app;
    }

    static async Task<IResult> ShowAsync(
        HttpContext context, string? token, LinkTokens tokens, SubscriptionStore store, PageRenderer pages, CancellationToken cancellationToken)
    {
        var (subscriber, invalid) = await SubscriptionPages.FindAsync(context, token, LinkPurpose.Preferences, tokens, store, pages, cancellationToken);
        return subscriber is null
            ? invalid!
            : await pages.RenderAsync(context, "preferences", View(subscriber, token!, tokens, string.Join('\n', subscriber.Topics), [], saved: false));
    }

    static async Task<IResult> SaveAsync(
        HttpContext context, [FromQuery] string? token, [FromForm] string? topics, LinkTokens tokens, SubscriptionStore store, PageRenderer pages, CancellationToken cancellationToken)
    {
        var (subscriber, invalid) = await SubscriptionPages.FindAsync(context, token, LinkPurpose.Preferences, tokens, store, pages, cancellationToken);
        if (subscriber is null)
        {
            return invalid!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var parsed = SignupValidation.ValidateTopics(
            (topics ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), errors);
        if (errors.Count > 0)
        {
            var page = View(subscriber, token!, tokens, topics ?? "", errors.SelectMany(e => e.Value).ToList(), saved: false);
            return await pages.RenderAsync(context, "preferences", page, StatusCodes.Status400BadRequest);
        }

        await store.UpdateTopicsAsync(subscriber.Id, parsed.Select(t => t.Text).ToList(), cancellationToken);
        return await pages.RenderAsync(context, "preferences", View(subscriber, token!, tokens, string.Join('\n', parsed.Select(t => t.Text)), [], saved: true));
    }

    static PreferencesPage View(Subscriber subscriber, string token, LinkTokens tokens, string topicsText, IReadOnlyList<string> errors, bool saved)
    {
        var unsubscribeToken = Uri.EscapeDataString(tokens.Create(LinkPurpose.Unsubscribe, subscriber.Id));
        return new PreferencesPage(
            subscriber.Email,
            subscriber.Status,
            topicsText,
            errors,
            saved,
            "/preferences?token=" + Uri.EscapeDataString(token),
            "/unsubscribe?token=" + unsubscribeToken,
            "/resubscribe?token=" + unsubscribeToken);
    }
}
