namespace DigestMailer.Jobs;

/// <summary>Wakes a <see cref="QueueDrainer"/> of this process as soon as a request queues work, instead of at its next poll.</summary>
public abstract class WakeSignal : IDisposable
{
    readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up drains everything.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        signal.WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        signal.Dispose();
        GC.SuppressFinalize(this);
    }
}
