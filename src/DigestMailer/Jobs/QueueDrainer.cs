namespace DigestMailer.Jobs;

/// <summary>
/// Works through a queue kept in a table: at once when this process signals new rows, every <see cref="PollInterval"/>
/// for rows other processes of a scale-out queued, and again after a failure.
/// </summary>
public abstract class QueueDrainer(WakeSignal signal, ILogger logger) : BackgroundService
{
    protected static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    /// <summary>What the queue holds, for the log: "queued mail".</summary>
    protected abstract string Queue { get; }

    /// <summary>How long to wait after a wake-up before working, so rows queued together are taken together.</summary>
    protected virtual TimeSpan DelayAfterWakeUp => TimeSpan.Zero;

    /// <returns>True when more rows may be waiting, so the next batch starts at once.</returns>
    protected abstract Task<bool> DrainBatchAsync(CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DrainBatchAsync(stoppingToken))
                {
                }

                if (await signal.WaitAsync(PollInterval, stoppingToken) && DelayAfterWakeUp > TimeSpan.Zero)
                {
                    await Task.Delay(DelayAfterWakeUp, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop must outlive any one failure; the next poll retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Working through {Queue} failed; retrying in {Interval}", Queue, PollInterval);
                await Task.Delay(PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
