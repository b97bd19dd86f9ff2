using System.Text.Json;
using DigestMailer.Http;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DigestMailer.Papers;

public sealed record IngestResponse(int Received, int Inserted, int Updated);

public sealed record IngestRunStarted(long RunId);

public sealed record IngestRunResponse(
    long Id, string Trigger, string Status, DateTimeOffset Started, DateTimeOffset? Finished, int Fetched, int Inserted, int Updated, string? Error)
{
    public static IngestRunResponse From(IngestRun run) => new(
        run.Id,
        run.Trigger,
        run.Status,
        run.StartedAt,
        run.FinishedAt,
        run.Fetched,
        run.Inserted,
        run.Updated,
        run.Error);
}

/// <summary>The admin side of papers: push a Daily Papers payload, or run the source readers now and see past runs.</summary>
public static class PapersAdminApi
{
    public static RouteGroupBuilder MapPapersAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/papers", IngestPapersAsync);
        admin.MapPost("/ingest/run", StartIngestAsync);
        admin.MapGet("/ingest/runs", RecentRunsAsync);
        admin.MapGet("/ingest/runs/{runId:long}", GetRunAsync);
        return admin;
    }

    static async Task<Results<Ok<IngestResponse>, ValidationProblem>> IngestPapersAsync(
        JsonBody<JsonElement> body, PaperStore papers, [FromServices] IEnumerable<IPapersStoredListener> listeners, CancellationToken cancellationToken)
    {
        var parsed = HuggingFacePaperParser.Parse(body.Value);
        if (parsed.Errors.Count > 0)
        {
            // All or nothing: a batch with one bad entry stores none, so a corrected retry counts cleanly.
            return TypedResults.ValidationProblem(parsed.Errors);
        }

        var counts = await papers.UpsertAsync(parsed.Papers, cancellationToken);
        IPapersStoredListener.Notify(listeners, counts.Inserted);
        return TypedResults.Ok(new IngestResponse(parsed.Received, counts.Inserted, counts.Updated));
    }

    static async Task<Accepted<IngestRunStarted>> StartIngestAsync(IngestRuns runs, IBackgroundJobClient jobs, CancellationToken cancellationToken)
    {
        var runId = await runs.CreateAsync("admin", cancellationToken);
        jobs.Enqueue<IngestPapersJob>(job => job.RunAsync(runId, CancellationToken.None));
        return TypedResults.Accepted($"/api/admin/ingest/runs/{runId}", new IngestRunStarted(runId));
    }

    static async Task<Ok<IngestRunResponse[]>> RecentRunsAsync(IngestRuns runs, CancellationToken cancellationToken) =>
        TypedResults.Ok((await runs.RecentAsync(50, cancellationToken)).Select(IngestRunResponse.From).ToArray());

    static async Task<Results<Ok<IngestRunResponse>, ProblemHttpResult>> GetRunAsync(long runId, IngestRuns runs, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(runId, cancellationToken);
        return run is null
            ? TypedResults.Problem($"There is no ingest run {runId}.", statusCode: StatusCodes.Status404NotFound, title: "No such run")
            : TypedResults.Ok(IngestRunResponse.From(run));
    }
}
