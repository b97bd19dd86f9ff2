using DigestMailer.Digests;
using DigestMailer.Http;
using DigestMailer.Subscriptions;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DigestMailer.Admin;

public sealed record RunDigestRequest(string? Date);

public sealed record RunDigestResponse(string RunId);

/// <param name="Reason">Why the run failed or stopped (the relay refused the sender); null otherwise.</param>
public sealed record RunStatusResponse(string RunId, string Date, string Status, int Planned, int Sent, int Skipped, int Failed, string? Reason);

public sealed record SubscriberResponse(
    string Email,
    string Status,
    IReadOnlyList<string> Topics,
    bool Trending,
    string Frequency,
    string Weekday,
    int SendHour,
    string TimeZone,
    int? MaxPapers,
    bool Paused,
    IReadOnlyList<string> Likes);

public static class AdminApi
{
    public const string Policy = "admin";

    /// <summary>Kestrel's own default: a day of papers pushed at once fits, and the bound stays where it was.</summary>
    public const long MaxBodyBytes = 30_000_000;

    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(Policy).DisableAntiforgery().WithBodySizeLimit(MaxBodyBytes).RefusingUnusableArguments();
        group.MapPost("/digests/run", RunDigestAsync);
        group.MapGet("/digests/runs/{runId}", GetRunAsync);
        group.MapGet("/subscribers", GetSubscriberAsync);
        return group;
    }

    static async Task<Results<Accepted<RunDigestResponse>, ValidationProblem>> RunDigestAsync(
        JsonBody<RunDigestRequest>? request, DigestRuns runs, IBackgroundJobClient jobs, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = request?.Value ?? new RunDigestRequest(null);
        var date = DigestDate.Today(time);
        if (body.Date is not null && !DigestDate.TryParse(body.Date, out date))
        {
            return FieldProblem.For("date", $"'{body.Date}' is not a date; write it as YYYY-MM-DD.");
        }

        if (date > DigestDate.Latest(time))
        {
            return FieldProblem.For("date", $"{body.Date} is in the future; a digest date can be at most {DigestDate.Format(DigestDate.Latest(time))}.");
        }

        var runId = await runs.CreateAsync(date, cancellationToken);
        jobs.Enqueue<PlanDigestsJob>(job => job.RunAsync(runId, CancellationToken.None));
        return TypedResults.Accepted($"/api/admin/digests/runs/{runId}", new RunDigestResponse(runId));
    }

    static async Task<Results<Ok<RunStatusResponse>, ProblemHttpResult>> GetRunAsync(
        string runId, DigestRuns runs, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(runId, cancellationToken);
        return run is null
            ? TypedResults.Problem($"There is no digest run '{runId}'.", statusCode: StatusCodes.Status404NotFound, title: "No such run")
            : TypedResults.Ok(new RunStatusResponse(run.Id, run.DigestDate, run.Status, run.Planned, run.Sent, run.Skipped, run.Failed, run.Reason));
    }

    static async Task<Results<Ok<SubscriberResponse>, ValidationProblem, ProblemHttpResult>> GetSubscriberAsync(
        string? email, SubscriptionStore store, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryParse(email, out var address, out var error))
        {
            return FieldProblem.For("email", error);
        }

        var subscriber = await store.FindByEmailAsync(address!, cancellationToken);
        return subscriber is null
            ? TypedResults.Problem($"No subscriber has the address {address!.Address}.", statusCode: StatusCodes.Status404NotFound, title: "No such subscriber")
            : TypedResults.Ok(new SubscriberResponse(
                subscriber.Email,
                subscriber.Status,
                subscriber.Topics,
                subscriber.Trending,
                subscriber.Frequency,
                subscriber.Schedule.Weekday.ToString().ToLowerInvariant(),
                subscriber.Schedule.SendHour,
                subscriber.TimeZone,
                subscriber.MaxPapers,
                subscriber.Paused,
                subscriber.Likes));
    }
}
