using DigestMailer.Pages;
using DigestMailer.Papers;

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
    /// <summary>The papers the subscriber likes, with their titles once ingest has them.</summary>
    public IReadOnlyList<LikedPaper> Liked { get; init; } = [];

    /// <summary>The "more / less like this" votes given on papers of the digests, the latest first.</summary>
    public IReadOnlyList<PaperVote> Votes { get; init; } = [];

    /// <summary>Liked papers being added, as typed.</summary>
    public string LikesText { get; init; } = "";

    public IReadOnlyList<string> LikesErrors { get; init; } = [];

    public string? LikesNote { get; init; }

    public string LikesHeading => "Add papers you like, one per line";

    /// <summary>The "your digest" block: last digest, next one, why nothing came, the feed link.</summary>
    public DeliveryStatus? Delivery { get; init; }
}

/// <summary>What the pages a mail's preferences link leads to work with, injected as one parameter.</summary>
public sealed record LinkPageServices(LinkTokens Tokens, SubscriptionStore Store, LikesStore Likes, PageRenderer Pages, IDeliveryStatusSource Delivery);

/// <summary>
/// /preferences?token=…: the page every digest links to. Topics, liked papers, frequency, send hour, time zone and
/// papers per mail; the liked papers and the "more / less like this" feedback, each removable; pause and resume;
/// unsubscribe and resubscribe; and deleting everything we hold about the person.
/// </summary>
public static class PreferencesPages
{
    public static IEndpointRouteBuilder MapPreferencesPages(this IEndpointRouteBuilder app)
    {
        var preferences = app.MapGroup("/preferences").OpenedBySubscriberLinks(LinkPurpose.Preferences);
        preferences.MapGet("", ShowAsync);
        preferences.MapPost("", SaveAsync);
        preferences.MapPost("/pause", (HttpContext c, SubscriberLink link, FormPost form, [AsParameters] LinkPageServices s, CancellationToken ct) =>
            SetPausedAsync(c, link, true, s, ct));
        preferences.MapPost("/resume", (HttpContext c, SubscriberLink link, FormPost form, [AsParameters] LinkPageServices s, CancellationToken ct) =>
            SetPausedAsync(c, link, false, s, ct));
        preferences.MapPost("/delete", DeleteAsync);
        preferences.MapPost("/likes/remove", RemoveLikeAsync);
        preferences.MapPost("/feedback/remove", RemoveVoteAsync);
        return app;
    }

    static async Task<IResult> ShowAsync(HttpContext context, SubscriberLink link, [AsParameters] LinkPageServices services, CancellationToken cancellationToken) =>
        await services.Pages.RenderAsync(context, "preferences", await ViewAsync(link.Subscriber, link.Token, services, null, cancellationToken));

    static async Task<IResult> SaveAsync(
        HttpContext context, SubscriberLink link, FormPost form, [AsParameters] LinkPageServices services, CancellationToken cancellationToken)
    {
        var (_, store, likes, pages, _) = services;
        var (subscriber, token) = (link.Subscriber, link.Token);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var trending = FormPost.Checked(form["trending"]);
        var posted = await LikesForm.ReadAsync(form, errors, cancellationToken);
        var added = LikesValidation.Validate(posted.Entries, errors, subscriber.Likes.ToHashSet(StringComparer.Ordinal));
        var topics = SignupValidation.ValidateInterests(
            (form["topics"] ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            trending,
            errors,
            hasLikes: subscriber.Likes.Count + added.Count > 0 || errors.Keys.Any(LikesValidation.IsLikesField));
        var schedule = ScheduleValidation.Validate(form["frequency"], form["weekday"], ScheduleForm.Hour(form["sendHour"]), form["timeZone"], errors);
        var maxPapers = ScheduleValidation.ValidateMaxPapers(form["maxPapers"], errors);
        if (errors.Count > 0)
        {
            var page = await ViewAsync(subscriber, token, services, null, cancellationToken) with
            {
                TopicsText = form["topics"] ?? "",
                Trending = trending,
                TopicErrors = errors.Where(e => e.Key.StartsWith("topics", StringComparison.Ordinal)).SelectMany(e => e.Value).ToList(),
                Schedule = ScheduleForm.Posted(form["frequency"], form["weekday"], form["sendHour"], form["timeZone"], errors),
                MaxPapers = form["maxPapers"] ?? "",
                LikesText = posted.Text,
                LikesErrors = SubscriptionPages.LikesErrors(errors),
                LikesNote = posted.Note,
            };
            return await pages.RenderAsync(context, "preferences", page, StatusCodes.Status400BadRequest);
        }

        await store.UpdatePreferencesAsync(subscriber.Id, new Interests([.. topics.Select(t => t.Text)], trending), schedule, maxPapers, cancellationToken);
        await likes.AddAsync(subscriber.Id, added, cancellationToken);
        var saved = await store.GetAsync(subscriber.Id, cancellationToken);
        var notice = "Saved. The next digest follows these settings." + (posted.Note is null ? "" : " " + posted.Note);
        return await pages.RenderAsync(context, "preferences", await ViewAsync(saved!, token, services, notice, cancellationToken));
    }

    static Task<IResult> RemoveLikeAsync(
        HttpContext context, SubscriberLink link, FormPost form, [AsParameters] LinkPageServices services, CancellationToken cancellationToken) =>
        RemoveAsync(context, link, form, services, async (subscriber, arxivId) =>
        {
            // The last thing a digest is made of cannot go: pausing or unsubscribing is how to stop it.
            if (subscriber.Likes.Count == 1 && subscriber.Likes[0] == arxivId && subscriber.Topics.Count == 0 && !subscriber.Trending)
            {
                return "Keep at least one topic, liked paper or the trending papers; to stop your digest, pause it or unsubscribe below.";
            }

            await services.Likes.RemoveAsync(subscriber.Id, arxivId, cancellationToken);
            return null;
        });

    static Task<IResult> RemoveVoteAsync(
        HttpContext context, SubscriberLink link, FormPost form, [AsParameters] LinkPageServices services, CancellationToken cancellationToken) =>
        RemoveAsync(context, link, form, services, async (subscriber, arxivId) =>
        {
            await services.Likes.RemoveVoteAsync(subscriber.Id, arxivId, cancellationToken);
            return null;
        });

    /// <summary>A remove button's POST: the paper named by the form's <c>paper</c> field; <paramref name="remove"/> returns an error or null.</summary>
    static async Task<IResult> RemoveAsync(
        HttpContext context, SubscriberLink link, FormPost form, LinkPageServices services, Func<Subscriber, string, Task<string?>> remove)
    {
        var (store, pages) = (services.Store, services.Pages);
        var cancellationToken = context.RequestAborted;
        var subscriber = link.Subscriber;
        var error = LikedPaperIds.TryParse(form["paper"], out var arxivId) ? await remove(subscriber, arxivId) : "That is not a paper of this list.";
        var changed = await store.GetAsync(subscriber.Id, cancellationToken);
        var page = await ViewAsync(changed!, link.Token, services, error is null ? "Removed." : null, cancellationToken);
        return error is null
            ? await pages.RenderAsync(context, "preferences", page)
            : await pages.RenderAsync(context, "preferences", page with { LikesErrors = [error] }, StatusCodes.Status400BadRequest);
    }

    // The pause and resume forms carry only their anti-forgery token, which taking the FormPost checks.
    static async Task<IResult> SetPausedAsync(HttpContext context, SubscriberLink link, bool paused, LinkPageServices services, CancellationToken cancellationToken)
    {
        var (store, pages) = (services.Store, services.Pages);
        await store.SetPausedAsync(link.Subscriber.Id, paused, cancellationToken);
        var changed = await store.GetAsync(link.Subscriber.Id, cancellationToken);
        var notice = paused ? "Paused. No digest goes out until you resume." : "Resumed. Your digest starts again with the next issue.";
        return await pages.RenderAsync(context, "preferences", await ViewAsync(changed!, link.Token, services, notice, cancellationToken));
    }

    // The delete form carries only its anti-forgery token, which taking the FormPost checks.
    static async Task<IResult> DeleteAsync(
        HttpContext context, SubscriberLink link, FormPost form, SubscriptionStore store, PageRenderer pages, CancellationToken cancellationToken)
    {
        var subscriber = link.Subscriber;
        await store.DeleteAsync(subscriber.Id, cancellationToken);
        return await pages.MessageAsync(context, new MessagePage(
            "Your data is deleted",
            $"We deleted {subscriber.Email}, its topics and its digests. Links in old mails no longer work. You can sign up again at any time."));
    }

    static async Task<PreferencesPage> ViewAsync(
        Subscriber subscriber, string token, LinkPageServices services, string? notice, CancellationToken cancellationToken) =>
        View(subscriber, token, services.Tokens, notice) with
        {
            Liked = await services.Likes.LikedAsync(subscriber.Id, cancellationToken),
            Votes = await services.Likes.VotesAsync(subscriber.Id, cancellationToken),
            Delivery = await services.Delivery.ForAsync(subscriber, cancellationToken),
        };

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
