using DigestMailer.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DigestMailer.Subscriptions;

public sealed record SignupRequest(
    string? Email, List<string?>? Topics, bool? Trending, string? Frequency, string? Weekday, int? SendHour, string? TimeZone, List<string?>? Likes);

public sealed record SignupAccepted(string Message);

public sealed record ConfirmRequest(string? Token);

public sealed record ConfirmResponse(string Status);

public static class SubscriptionsApi
{
    public const string SignupRateLimit = "signup";

    public static RouteGroupBuilder MapSubscriptions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/subscriptions").WithTags("Subscriptions").DisableAntiforgery().AddEndpointFilter<SameSiteJson>().RefusingUnusableArguments();
        group.MapPost("/", SignUpAsync).RequireRateLimiting(SignupRateLimit);
        group.MapPost("/confirm", ConfirmAsync);
        return group;
    }

    // The same 202 for a new and a known address, after the same work, so the API tells nobody who is subscribed.
    static async Task<Results<Accepted<SignupAccepted>, ValidationProblem>> SignUpAsync(
        JsonBody<SignupRequest> request, AddressRequests signups, CancellationToken cancellationToken)
    {
        var body = request.Value;
        var (signup, errors) = SignupValidation.Validate(
            body.Email, body.Topics, body.Trending == true, body.Frequency, body.Weekday, body.SendHour, body.TimeZone, body.Likes);
        if (signup is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await signups.EnqueueAsync(signup, cancellationToken);
        return TypedResults.Accepted(
            (string?)null,
            new SignupAccepted("If the address can receive mail, a confirmation link is on its way. Follow it to start your digest."));
    }

    static async Task<Results<Ok<ConfirmResponse>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        JsonBody<ConfirmRequest> request, LinkTokens tokens, SubscriptionStore store, CancellationToken cancellationToken)
    {
        var check = tokens.Check(request.Value.Token, LinkPurpose.Confirm);
        if (check.Status != LinkTokenStatus.Valid)
        {
            return FieldProblem.For("token", LinkMessages.For(check.Status));
        }

        return await store.ConfirmAsync(check.SubscriberId, check.IssuedAt, cancellationToken) switch
        {
            ConfirmOutcome.NotFound => TypedResults.Problem(LinkMessages.NoSubscription, statusCode: StatusCodes.Status404NotFound),
            ConfirmOutcome.Superseded => FieldProblem.For("token", LinkMessages.Superseded),
            _ => TypedResults.Ok(new ConfirmResponse(SubscriberStatus.Active)),
        };
    }
}
