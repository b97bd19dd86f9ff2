using DigestMailer.Http;
using DigestMailer.Pages;

namespace DigestMailer.Subscriptions;

/// <summary>Which links a route group's pages open: set once on the group with <see cref="SubscriberLinkConventions.OpenedBySubscriberLinks{TBuilder}"/>.</summary>
public sealed record SubscriberLinkPolicy(LinkPurpose Purpose);

/// <summary>
/// The subscriber a mail's link (<c>?token=…</c>) stands for, as a handler parameter. A token that is not valid for
/// the group's <see cref="SubscriberLinkPolicy"/> (or, for a confirmation link, has expired) is refused with a 400
/// page, one whose subscriber is gone (or whose id a later sign-up was given) with a 404 page, before the handler runs.
/// </summary>
public sealed class SubscriberLink : IRefusableArgument
{
    readonly Subscriber? subscriber;

    SubscriberLink(Subscriber? subscriber, string token, IResult? refusal) => (this.subscriber, Token, Refusal) = (subscriber, token, refusal);

    public Subscriber Subscriber => Refusal is null ? subscriber! : throw RefusableArgumentConventions.RefusedReachedHandler(this);

    /// <summary>The token as the link carried it, for the forms and links of the page that answers.</summary>
    public string Token { get; }

    public IResult? Refusal { get; }

    public static async ValueTask<SubscriberLink> BindAsync(HttpContext context)
    {
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<SubscriberLinkPolicy>()
            ?? throw new InvalidOperationException($"{context.Request.Path} takes a subscriber link but its group sets no {nameof(SubscriberLinkPolicy)}.");
        var services = context.RequestServices;
        var pages = services.GetRequiredService<PageRenderer>();
        var token = context.Request.Query["token"].ToString();
        var check = services.GetRequiredService<LinkTokens>().Check(token, policy.Purpose);
        if (check.Status != LinkTokenStatus.Valid)
        {
            return new SubscriberLink(null, token, await pages.MessageAsync(context, new MessagePage("Link not valid", LinkMessages.For(check.Status)), StatusCodes.Status400BadRequest));
        }

        var subscriber = await services.GetRequiredService<SubscriptionStore>().GetAsync(check.SubscriberId, context.RequestAborted);
        return subscriber is null || !subscriber.Issued(check.IssuedAt)
            ? new SubscriberLink(null, token, await pages.MessageAsync(context, new MessagePage("Not found", LinkMessages.NoSubscription), StatusCodes.Status404NotFound))
            : new SubscriberLink(subscriber, token, null);
    }
}

public static class SubscriberLinkConventions
{
    /// <summary>
    /// The pages of the group are opened by links of this purpose. They are mapped inside the pages group, whose
    /// <see cref="RefuseUnusableArguments"/> filter answers a refused link.
    /// </summary>
    public static TBuilder OpenedBySubscriberLinks<TBuilder>(this TBuilder builder, LinkPurpose purpose)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new SubscriberLinkPolicy(purpose));
}
