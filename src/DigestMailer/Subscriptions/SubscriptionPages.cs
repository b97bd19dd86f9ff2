using DigestMailer.Pages;
using DigestMailer.Papers;
using Microsoft.Extensions.Options;

namespace DigestMailer.Subscriptions;

public sealed record SignupPage(string Email, string TopicsText, bool Trending, string? EmailError, IReadOnlyList<string> TopicErrors, ScheduleForm Schedule)
{
    /// <summary>The latest day's most upvoted papers, listed under the form.</summary>
    public IReadOnlyList<PaperCard> TrendingPapers { get; init; } = [];

    /// <summary>The day those papers were listed on ("3 December 2026"), or null when there are none.</summary>
    public string? TrendingDay { get; init; }

    /// <summary>The liked papers as typed, one per line.</summary>
    public string LikesText { get; init; } = "";

    public IReadOnlyList<string> LikesErrors { get; init; } = [];

    /// <summary>What an uploaded reference file held, such as "3 of the 5 entries in refs.bib name an arXiv paper."</summary>
    public string? LikesNote { get; init; }
}

/// <summary>
/// The pages a person reaches from the site or from a mail. A GET only ever shows a page with a button; state
/// changes on POST, so link scanners that open every URL in a mail change nothing.
/// </summary>
public static class SubscriptionPages
{
    public static IEndpointRouteBuilder MapSubscriptionPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", ShowSignupAsync);
        app.MapPost("/subscribe", SubscribeAsync).RequireRateLimiting(SubscriptionsApi.SignupRateLimit);
        // No button for a link whose subscriber is gone, or whose id a later sign-up was given: it could only fail.
        app.MapGet("/confirm", ShowConfirmAsync).OpenedBySubscriberLinks(LinkPurpose.Confirm);
        app.MapPost("/confirm", ConfirmAsync);
        var unsubscribeLinks = app.MapGroup("").OpenedBySubscriberLinks(LinkPurpose.Unsubscribe);
        unsubscribeLinks.MapGet("/unsubscribe", ShowUnsubscribeAsync);
        // RFC 8058 one-click: mail clients POST here with no cookie and no page, so it takes no anti-forgery form.
        unsubscribeLinks.MapPost("/unsubscribe", UnsubscribeAsync).DisableAntiforgery();
        unsubscribeLinks.MapPost("/resubscribe", ResubscribeAsync);
        return app;
    }

    static async Task<IResult> ShowSignupAsync(
        HttpContext context, PageRenderer pages, TrendingPapers trending, IOptions<TrendingOptions> options, CancellationToken cancellationToken) =>
        await pages.RenderAsync(context, "signup", await WithTrendingAsync(
            new SignupPage("", "", false, null, [], ScheduleForm.From(SendSchedule.Default) with { ZoneChosen = false }), trending, options, cancellationToken));

    // The same papers as the day's Trending section of a digest holds, so the page shows what the offer brings.
    static async Task<SignupPage> WithTrendingAsync(SignupPage page, TrendingPapers trending, IOptions<TrendingOptions> options, CancellationToken cancellationToken)
    {
        var day = await trending.LatestDayAsync(options.Value.TrendingPapers, cancellationToken);
        return page with { TrendingPapers = day.Papers, TrendingDay = day.Date };
    }

    static async Task<IResult> SubscribeAsync(
        HttpContext context,
        AddressRequests signups,
        PageRenderer pages,
        TrendingPapers trending,
        IOptions<TrendingOptions> options,
        FormPost form,
        CancellationToken cancellationToken)
    {
        string? Field(string name) => form[name];
        var (email, topics) = (Field("email"), Field("topics"));
        var lines = (topics ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var wantsTrending = FormPost.Checked(Field("trending"));
        var fileErrors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var likes = await LikesForm.ReadAsync(form, fileErrors, cancellationToken);
        var (signup, errors) = SignupValidation.Validate(
            email, lines, wantsTrending, Field("frequency"), Field("weekday"), ScheduleForm.Hour(Field("sendHour")), Field("timeZone"), likes.Entries);
        foreach (var (field, messages) in fileErrors)
        {
            (signup, errors[field]) = (null, messages);
        }

        if (signup is null)
        {
            var page = new SignupPage(
                email ?? "",
                topics ?? "",
                wantsTrending,
                errors.GetValueOrDefault("email")?.FirstOrDefault(),
                errors.Where(e => e.Key.StartsWith("topics", StringComparison.Ordinal)).SelectMany(e => e.Value).ToList(),
                ScheduleForm.Posted(Field("frequency"), Field("weekday"), Field("sendHour"), Field("timeZone"), errors))
            {
                LikesText = likes.Text,
                LikesErrors = LikesErrors(errors),
                LikesNote = likes.Note,
            };
            return await pages.RenderAsync(context, "signup", await WithTrendingAsync(page, trending, options, cancellationToken), StatusCodes.Status400BadRequest);
        }

        await signups.EnqueueAsync(signup, cancellationToken);
        var recognised = likes.Note is null ? "" : $" {likes.Note}";
        return await pages.MessageAsync(context, new MessagePage(
            "Check your inbox",
            $"If {signup.Email.Address} can receive mail, a confirmation link is on its way. Your digest starts once you follow it.{recognised} Nothing arrived after a few minutes? Look in the spam folder, or sign up again in an hour."));
    }

    static Task<IResult> ShowConfirmAsync(HttpContext context, SubscriberLink link, PageRenderer pages) =>
        pages.MessageAsync(context, new MessagePage(
            "Confirm your subscription",
            "One click, and your research digest starts with the next issue.",
            new PageForm("/confirm", "Confirm subscription", [new HiddenField("token", link.Token)])));

    static async Task<IResult> ConfirmAsync(
        HttpContext context, FormPost form, LinkTokens tokens, SubscriptionStore store, PageRenderer pages, CancellationToken cancellationToken)
    {
        var check = tokens.Check(form["token"], LinkPurpose.Confirm);
        if (check.Status != LinkTokenStatus.Valid)
        {
            return await pages.MessageAsync(context, new MessagePage("Link not valid", LinkMessages.For(check.Status)), StatusCodes.Status400BadRequest);
        }

        return await store.ConfirmAsync(check.SubscriberId, check.IssuedAt, cancellationToken) switch
        {
            ConfirmOutcome.NotFound => await pages.MessageAsync(context, new MessagePage("Not found", LinkMessages.NoSubscription), StatusCodes.Status404NotFound),
            ConfirmOutcome.Superseded => await pages.MessageAsync(context, new MessagePage("Link no longer valid", LinkMessages.Superseded), StatusCodes.Status400BadRequest),
            _ => await pages.MessageAsync(context, new MessagePage(
                "You're subscribed",
                $"Your first digest arrives with {await NextIssueAsync(store, check.SubscriberId, cancellationToken)}, once new papers match your topics. Every mail has a link to change your topics or unsubscribe.")),
        };
    }

    static async Task<string> NextIssueAsync(SubscriptionStore store, long subscriberId, CancellationToken cancellationToken) =>
        ScheduleWording.NextIssue((await store.GetAsync(subscriberId, cancellationToken))?.Schedule ?? SendSchedule.Default);

    static Task<IResult> ShowUnsubscribeAsync(HttpContext context, SubscriberLink link, PageRenderer pages) =>
        pages.MessageAsync(context, new MessagePage(
            "Unsubscribe",
            $"Stop sending research digests to {link.Subscriber.Email}?",
            new PageForm("/unsubscribe?token=" + Uri.EscapeDataString(link.Token), "Unsubscribe", [new HiddenField("List-Unsubscribe", "One-Click")])));

    static async Task<IResult> UnsubscribeAsync(
        HttpContext context, SubscriberLink link, SubscriptionStore store, PageRenderer pages, CancellationToken cancellationToken)
    {
        var subscriber = link.Subscriber;
        await store.UnsubscribeAsync(subscriber.Id, cancellationToken);
        return await pages.MessageAsync(context, new MessagePage(
            "You're unsubscribed",
            $"No more digests will be sent to {subscriber.Email}. Changed your mind?",
            new PageForm("/resubscribe?token=" + Uri.EscapeDataString(link.Token), "Resubscribe", [], Secondary: true)));
    }

    // The form carries nothing but its anti-forgery token: taking it is what checks that.
    static async Task<IResult> ResubscribeAsync(
        HttpContext context, SubscriberLink link, FormPost form, SubscriptionStore store, PageRenderer pages, CancellationToken cancellationToken)
    {
        var subscriber = link.Subscriber;
        var resumed = await store.ResubscribeAsync(subscriber.Id, cancellationToken);
        return await pages.MessageAsync(context, resumed || subscriber.Status == SubscriberStatus.Active
            ? new MessagePage("Welcome back", $"Digests to {subscriber.Email} start again with the next issue.")
            : new MessagePage("Sign up again", "This address needs to confirm its subscription first; sign up again on the front page."));
    }

    /// <summary>The errors of the liked papers and the uploaded file, as a page lists them under the field.</summary>
    internal static List<string> LikesErrors(Dictionary<string, string[]> errors) =>
        [.. errors.Where(e => LikesValidation.IsLikesField(e.Key) || e.Key == LikesForm.FileField).SelectMany(e => e.Value).Where(m => m != SignupValidation.NothingChosen).Distinct(StringComparer.Ordinal)];
}
