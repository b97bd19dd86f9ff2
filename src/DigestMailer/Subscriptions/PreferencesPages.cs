using DigestMailer.Pages;
using Microsoft.AspNetCore.Antiforgery;

namespace DigestMailer.Subscriptions;

public sealed record PreferencesPage(
    string Email,
    string Status,
    bool Paused,
    string TopicsText,
    bool Trending,
    IReadOnlyList<string> TopicErrors,
    ScheduleForm Schedule,
    string MaxPapers,
    string? Notice,
    string Token,
    string UnsubscribeToken)
{
    /// <summary>The "your digest" block: last digest, next one, why nothing came, the feed link.</summary>
    public DeliveryStatus? Delivery { get; init; }
}

/// <summary>
/// /preferences?token=…: the page every digest links to. Topics, frequency, send hour, time zone and papers per mail;
/// pause and resume; unsubscribe and resubscribe; and deleting everything we hold about the person.
/// </summary>
public static class PreferencesPages
{
    public static IEndpointRouteBuilder MapPreferencesPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/preferences", ShowAsync);
        app.MapPost("/preferences", SaveAsync);
        app.MapPost("/preferences/pause", (HttpContext c, string? token, LinkTokens t, SubscriptionStore s, PageRenderer p, IAntiforgery a, IDeliveryStatusSource d, CancellationToken ct) =>
            SetPausedAsync(c, token, true, t, s, p, a, d, ct));
        app.MapPost("/preferences/resume", (HttpContext c, string? token, LinkTokens t, SubscriptionStore s, PageRenderer p, IAntiforgery a, IDeliveryStatusSource d, CancellationToken ct) =>
            SetPausedAsync(c, token, false, t, s, p, a, d, ct));
        app.MapPost("/preferences/delete", DeleteAsync);
        return app;
    }

    static async Task<IResult> ShowAsync(
        HttpContext context, string? token, LinkTokens tokens, SubscriptionStore store, PageRenderer pages, IDeliveryStatusSource delivery, CancellationToken cancellationToken)
    {
        var (subscriber, invalid) = await SubscriptionPages.FindAsync(context, token, LinkPurpose.Preferences, tokens, store, pages, cancellationToken);
        return subscriber is null
            ? invalid!
            : await pages.RenderAsync(context, "preferences", await WithDeliveryAsync(View(subscriber, token!, tokens, null), subscriber, delivery, cancellationToken));
    }

    static async Task<IResult> SaveAsync(
        HttpContext context, string? token, LinkTokens tokens, SubscriptionStore store, PageRenderer pages, IAntiforgery antiforgery,
        IDeliveryStatusSource delivery, CancellationToken cancellationToken)
    {
        var (subscriber, invalid) = await SubscriptionPages.FindAsync(context, token, LinkPurpose.Preferences, tokens, store, pages, cancellationToken);
        if (subscriber is null)
        {
            return invalid!;
        }

        var (form, rejected) = await FormPost.ReadAsync(context, antiforgery, pages);
        if (form is null)
        {
            return rejected!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var trending = FormPost.Checked(form["trending"]);
        var topics = SignupValidation.ValidateInterests(
            (form["topics"] ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), trending, errors);
        var schedule = ScheduleValidation.Validate(form["frequency"], form["weekday"], ScheduleForm.Hour(form["sendHour"]), form["timeZone"], errors);
        var maxPapers = ScheduleValidation.ValidateMaxPapers(form["maxPapers"], errors);
        if (errors.Count > 0)
        {
            var page = View(subscriber, token!, tokens, null) with
            {
                TopicsText = form["topics"] ?? "",
                Trending = trending,
                TopicErrors = errors.Where(e => e.Key.StartsWith("topics", StringComparison.Ordinal)).SelectMany(e => e.Value).ToList(),
                Schedule = ScheduleForm.Posted(form["frequency"], form["weekday"], form["sendHour"], form["timeZone"], errors),
                MaxPapers = form["maxPapers"] ?? "",
            };
            return await pages.RenderAsync(context, "preferences", await WithDeliveryAsync(page, subscriber, delivery, cancellationToken), StatusCodes.Status400BadRequest);
        }

        await store.UpdatePreferencesAsync(subscriber.Id, new Interests([.. topics.Select(t => t.Text)], trending), schedule, maxPapers, cancellationToken);
        var saved = await store.GetAsync(subscriber.Id, cancellationToken);
        var view = View(saved!, token!, tokens, "Saved. The next digest follows these settings.");
        return await pages.RenderAsync(context, "preferences", await WithDeliveryAsync(view, saved!, delivery, cancellationToken));
    }

    static async Task<IResult> SetPausedAsync(
        HttpContext context, string? token, bool paused, LinkTokens tokens, SubscriptionStore store, PageRenderer pages, IAntiforgery antiforgery,
        IDeliveryStatusSource delivery, CancellationToken cancellationToken)
    {
        var (subscriber, invalid) = await SubscriptionPages.FindAsync(context, token, LinkPurpose.Preferences, tokens, store, pages, cancellationToken);
        if (subscriber is null)
        {
            return invalid!;
        }

        var (form, rejected) = await FormPost.ReadAsync(context, antiforgery, pages);
        if (form is null)
        {
            return rejected!;
        }

        await store.SetPausedAsync(subscriber.Id, paused, cancellationToken);
        var changed = await store.GetAsync(subscriber.Id, cancellationToken);
        var notice = paused ? "Paused. No digest goes out until you resume." : "Resumed. Your digest starts again with the next issue.";
        return await pages.RenderAsync(context, "preferences", await WithDeliveryAsync(View(changed!, token!, tokens, notice), changed!, delivery, cancellationToken));
    }

    static async Task<IResult> DeleteAsync(
        HttpContext context, string? token, LinkTokens tokens, SubscriptionStore store, PageRenderer pages, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var (subscriber, invalid) = await SubscriptionPages.FindAsync(context, token, LinkPurpose.Preferences, tokens, store, pages, cancellationToken);
        if (subscriber is null)
        {
            return invalid!;
        }

        var (form, rejected) = await FormPost.ReadAsync(context, antiforgery, pages);
        if (form is null)
        {
            return rejected!;
        }

        await store.DeleteAsync(subscriber.Id, cancellationToken);
        return await pages.MessageAsync(context, new MessagePage(
            "Your data is deleted",
            $"We deleted {subscriber.Email}, its topics and its digests. Links in old mails no longer work. You can sign up again at any time."));
    }

    static async Task<PreferencesPage> WithDeliveryAsync(
        PreferencesPage page, Subscriber subscriber, IDeliveryStatusSource delivery, CancellationToken cancellationToken) =>
        page with { Delivery = await delivery.ForAsync(subscriber, cancellationToken) };

    static PreferencesPage View(Subscriber subscriber, string token, LinkTokens tokens, string? notice) => new(
        subscriber.Email,
        subscriber.Status,
        subscriber.Paused,
        string.Join('\n', subscriber.Topics),
        subscriber.Trending,
        [],
        ScheduleForm.From(subscriber.Schedule),
        subscriber.MaxPapers?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        notice,
        token,
        tokens.Create(LinkPurpose.Unsubscribe, subscriber.Id));
}
