using Hangfire;

namespace DigestMailer.Digests;

/// <summary>
/// At start-up, queues planning again for every run left unplanned (see <see cref="DigestRuns.UnplannedAsync"/>), so a
/// run killed before its planning committed completes after the restart instead of reading "running, planned 0" until
/// someone posts it again. Planning twice is harmless: one digest per subscriber and date, one planning run at a time.
/// </summary>
public sealed class UnplannedRunsRecovery(DigestRuns runs, IBackgroundJobClient jobs, ILogger<UnplannedRunsRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var runId in await runs.UnplannedAsync(cancellationToken))
        {
            logger.LogWarning("Digest run {Run} was never planned (the service stopped while planning it); planning it again", runId);
            jobs.Enqueue<PlanDigestsJob>(job => job.RunAsync(runId, CancellationToken.None));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
