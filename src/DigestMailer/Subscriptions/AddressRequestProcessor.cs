using System.Data.Common;
using System.Diagnostics;
using DigestMailer.Data;
using DigestMailer.Email;
using DigestMailer.Jobs;
using Microsoft.Extensions.Options;

namespace DigestMailer.Subscriptions;

/// <summary>
/// Applies received address requests (sign-ups, lost preferences links), oldest first, each in one transaction with its
/// removal from the queue and its mail, so a request is applied once or not at all. Woken by a request this process
/// received, it first waits <see cref="SubscriptionOptions.RequestApplyDelay"/>, so that work does not overlap the answer.
/// </summary>
public sealed class AddressRequestProcessor(
    DbConnectionFactory connections,
    AddressRequestSignal signal,
    OutboxSignal outbox,
    TimeProvider time,
    IOptions<SubscriptionOptions> options,
    ILogger<AddressRequestProcessor> logger) : QueueDrainer(signal, logger)
{
    /// <summary>Tries before a request is given up and left in address_requests for an operator: about 1.4 hours of retries.</summary>
    internal const int MaxAttempts = 10;
    const int BatchSize = 100;
    static readonly RetryBackoff Retry = new(TimeSpan.FromSeconds(5), TimeSpan.FromHours(1));

    protected override string Queue => "received address requests";

    protected override TimeSpan DelayAfterWakeUp => options.Value.RequestApplyDelay;

    protected override async Task<bool> DrainBatchAsync(CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        var applied = await ApplyBatchAsync(stoppingToken);
        if (applied > 0 && connections.Engine == DatabaseEngine.Sqlite)
        {
            // SQLite has one writer, and a request waiting for it polls (busy_timeout): batch after batch, this loop
            // would hold the database nearly all the time and starve the very requests it applies (whole seconds
            // without an answer, measured). Resting as long as the batch took leaves the requests half.
            await Task.Delay(Stopwatch.GetElapsedTime(started), stoppingToken);
        }

        // Another pass while this one applied something: an address's next request waits for the one before it.
        return applied > 0;
    }

    /// <returns>How many received requests it applied or dropped as no longer valid (failed tries not counted).</returns>
    public async Task<int> ApplyBatchAsync(CancellationToken stoppingToken)
    {
        await using var connection = await connections.OpenAsync(stoppingToken);
        var waiting = await AddressRequests.WaitingAsync(connection, time.GetUtcNow(), BatchSize, stoppingToken);
        var taken = 0;
        foreach (var request in waiting)
        {
            taken += await ApplyAsync(connection, request, stoppingToken) ? 1 : 0;
        }

        return taken;
    }

    /// <summary>
    /// How long a request that failed to apply waits after its <paramref name="attempts"/>-th try: 5 seconds, doubling
    /// up to an hour, so a database that is briefly away loses no request and one that stays away is not hammered.
    /// </summary>
    internal static TimeSpan RetryDelay(int attempts) => Retry.After(attempts);

    bool Dropped(string kind, long id)
    {
        logger.LogWarning("Received {Kind} request {Id} cannot be read or no longer passes validation and was dropped", kind, id);
        return false;
    }

    async Task<bool> ApplyAsync(DbConnection connection, WaitingRequest waiting, CancellationToken stoppingToken)
    {
        try
        {
            bool mailQueued;
            await using (var transaction = await connection.BeginTransactionAsync(stoppingToken))
            {
                var received = await AddressRequests.TakeAsync(connection, transaction, waiting.Id);
                if (received is null)
                {
                    return false;
                }

                // The time it is applied, not received: created_at guards links issued before the subscriber existed.
                var (now, interval) = (time.GetUtcNow(), options.Value.ConfirmationResendInterval);
                mailQueued = received switch
                {
                    { Signup: { } signup } => await SubscriptionStore.SignUpAsync(connection, transaction, signup, interval, now) == SignupOutcome.ConfirmationQueued,
                    { LinkAddress: { } address } => await SubscriptionStore.RequestPreferencesLinkAsync(connection, transaction, address, interval, now),
                    _ => Dropped(received.Kind, waiting.Id),
                };
                await transaction.CommitAsync(stoppingToken);
            }

            if (mailQueued)
            {
                outbox.Notify();
            }

            return true;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            var attempts = (int)waiting.Attempts + 1;
            await AddressRequests.RecordFailedAttemptAsync(connection, waiting.Id, attempts, time.GetUtcNow() + RetryDelay(attempts), stoppingToken);
            if (attempts < MaxAttempts)
            {
                logger.LogWarning(ex, "Applying received address request {Id} failed (try {Attempts} of {MaxAttempts}); retrying in {Delay}", waiting.Id, attempts, MaxAttempts, RetryDelay(attempts));
            }
            else
            {
                logger.LogError(ex, "Received address request {Id} failed {MaxAttempts} times and is left in address_requests for an operator", waiting.Id, MaxAttempts);
            }

            return false;
        }
    }
}
