using Hangfire;
using Microsoft.Extensions.Options;

namespace DigestMailer.Digests;

/// <summary>
/// At start-up, resumes what a killed process left: planning for every run left unplanned (see
/// <see cref="DigestRuns.UnplannedAsync"/>), so a run killed before its planning committed completes instead of reading
/// "running, planned 0" until someone posts it again; and sending, now for the pending digests and again once the claims
/// of a dead process are stale, since Hangfire runs a job lost with its process again only after 30 minutes. Planning or
/// queueing twice is harmless: one digest per subscriber and date, one planning run at a time, claims in the ledger.
/// </summary>
public sealed class UnplannedRunsRecovery(
    DigestRuns runs, IBackgroundJobClient jobs, IOptions<DigestOptions> options, ILogger<UnplannedRunsRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var runId in await runs.UnplannedAsync(cancellationToken))
        {
            logger.LogWarning("Digest run {Run} was never planned (the service stopped while planning it); planning it again", runId);
            jobs.Enqueue<PlanDigestsJob>(job => job.RunAsync(runId, CancellationToken.None));
        }

        jobs.Enqueue<PlanDigestsJob>(job => job.SendUnsentAsync(CancellationToken.None));
        jobs.Schedule<PlanDigestsJob>(job => job.SendUnsentAsync(CancellationToken.None), options.Value.StaleSendingAfter + TimeSpan.FromSeconds(1));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
