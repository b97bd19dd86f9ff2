namespace DigestMailer.Email;

/// <summary>Wakes the outbox dispatcher of this process as soon as a request queues mail, instead of at its next poll.</summary>
public sealed class OutboxSignal : IDisposable
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

    public void Dispose() => signal.Dispose();
}
