using DigestMailer.Subscriptions;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DigestMailer.Digests;

/// <summary>Plans a digest run, then fans the unsent digests out to send-batch jobs of a few hundred each.</summary>
public sealed class PlanDigestsJob(
    DigestRuns runs,
    DigestPlanner planner,
    DigestLedger ledger,
    IBackgroundJobClient jobs,
    JobStorage storage,
    IOptions<DigestOptions> options,
    ILogger<PlanDigestsJob> logger)
{
    public const string RecurringJobId = "plan-digests";
    static readonly TimeSpan PlanningLockTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The recurring (hourly) job: the digests of every subscriber whose send hour has come.</summary>
    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Plan the digests that are due")]
    public async Task RunScheduledAsync(CancellationToken cancellationToken)
    {
        var runId = await runs.CreateAsync(null, cancellationToken);
        await RunAsync(runId, cancellationToken);
    }

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Plan digest run {0}")]
    public async Task RunAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(runId, cancellationToken);
        if (run is null)
        {
            logger.LogWarning("Digest run {Run} does not exist", runId);
            return;
        }

        // One planning run at a time, across processes: two runs reading the same watermark could give the same paper
        // to one subscriber under two dates (an admin's date and a subscriber's own local date).
        using var connection = storage.GetConnection();
        using var planningLock = connection.AcquireDistributedLock("digest-planning", PlanningLockTimeout);
        try
        {
            await runs.MarkPlanningAsync(runId, cancellationToken);
            // Each run tries again after the relay refused the sender (see SendBatchJob); resumed before this run
            // counts as planned, so no earlier run still reads "stopped" once this one is under way.
            await runs.ResumeSendingAsync(cancellationToken);
            if (run.Kind == "due")
            {
                await planner.PlanDueAsync(runId, cancellationToken);
            }
            else if (DigestDate.TryParse(run.DigestDate, out var date))
            {
                await planner.PlanAsync(runId, date, cancellationToken);
            }
            else
            {
                throw new InvalidOperationException($"Digest run {runId} has an unreadable date '{run.DigestDate}'.");
            }
            await runs.MarkPlannedAsync(runId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await runs.MarkFailedAsync(runId, ex.Message, CancellationToken.None);
            throw;
        }

        await EnqueueUnsentAsync(cancellationToken);
    }

    /// <summary>Queues send batches for every unsent digest, without planning: what a restart resumes.</summary>
    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Send the digests still unsent")]
    public Task SendUnsentAsync(CancellationToken cancellationToken) => EnqueueUnsentAsync(cancellationToken);

    /// <summary>
    /// Also picks up digests of earlier runs that are still unsent (a crash, a broken relay, a relay that refused the
    /// sender), so every run catches up what the last one left behind. A batch enqueued twice costs one empty claim.
    /// </summary>
    async Task EnqueueUnsentAsync(CancellationToken cancellationToken)
    {
        var unsent = await ledger.UnsentIdsAsync(cancellationToken);
        foreach (var batch in unsent.Chunk(options.Value.BatchSize))
        {
            var (first, last) = (batch[0], batch[^1]);
            jobs.Enqueue<SendBatchJob>(job => job.RunAsync(first, last, CancellationToken.None));
        }
    }
}
