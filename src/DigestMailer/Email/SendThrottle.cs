using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DigestMailer.Email;

/// <summary>
/// This process's limits towards the relay: connections of the send batches open at once (Smtp:Connections) and
/// messages per second of all mail (Smtp:MaxMessagesPerSecond). No limits without a relay.
/// </summary>
public sealed class SendThrottle : IDisposable
{
    readonly ConcurrencyLimiter? connections;
    readonly TimeProvider time;
    readonly TimeSpan interval;
    readonly Lock gate = new();
    DateTimeOffset nextTurn = DateTimeOffset.MinValue;
    long messagesWaiting;

    public SendThrottle(IOptions<SmtpOptions> options, TimeProvider time)
    {
        this.time = time;
        var smtp = options.Value;
        if (smtp.UsePickupDirectory)
        {
            return;
        }

        if (smtp.Connections is { } most)
        {
            connections = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = most,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }

        if (smtp.MaxMessagesPerSecond is { } perSecond)
        {
            interval = TimeSpan.FromSeconds(1 / perSecond);
        }
    }

    /// <summary>Sends waiting for their turn now, and batches waiting for a connection.</summary>
    public (long Messages, long Connections) Waiting =>
        (Interlocked.Read(ref messagesWaiting), connections?.GetStatistics()?.CurrentQueuedCount ?? 0);

    /// <summary>Waits until this process may hold one more connection to the relay; dispose the lease to give it back.</summary>
    public async ValueTask<IDisposable> EnterConnectionAsync(CancellationToken cancellationToken)
    {
        if (connections is null)
        {
            return NoLease.Instance;
        }

        var lease = await connections.AcquireAsync(1, cancellationToken);
        // With an unbounded queue a lease is only refused once the limiter is disposed, as the process shuts down.
        return lease.IsAcquired ? lease : throw new OperationCanceledException("The service is shutting down.");
    }

    /// <summary>
    /// Waits until this process may send one more message: turns are handed out one interval apart on the service's
    /// clock, in the order asked. (System.Threading.RateLimiting's token bucket refills by the machine's own clock,
    /// even when replenished by hand, so it could not be tested with a clock the test moves.)
    /// </summary>
    public async ValueTask WaitToSendAsync(CancellationToken cancellationToken)
    {
        if (interval == TimeSpan.Zero)
        {
            return;
        }

        TimeSpan wait;
        lock (gate)
        {
            var now = time.GetUtcNow();
            var turn = nextTurn > now ? nextTurn : now;
            nextTurn = turn + interval;
            wait = turn - now;
        }

        if (wait > TimeSpan.Zero)
        {
            Interlocked.Increment(ref messagesWaiting);
            try
            {
                await Task.Delay(wait, time, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref messagesWaiting);
            }
        }
    }

    public void Dispose() => connections?.Dispose();

    sealed class NoLease : IDisposable
    {
        public static readonly NoLease Instance = new();

        public void Dispose()
        {
        }
    }
}
