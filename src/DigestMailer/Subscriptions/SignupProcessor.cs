using System.Data.Common;
using System.Diagnostics;
using DigestMailer.Data;
using DigestMailer.Email;
using DigestMailer.Jobs;
using Microsoft.Extensions.Options;

namespace DigestMailer.Subscriptions;

/// <summary>
/// Applies received sign-ups to the subscribers, oldest first, each in one transaction with its removal from the queue
/// and its confirmation mail, so a sign-up is applied once or not at all. Woken by a sign-up, it first waits
/// <see cref="SubscriptionOptions.SignupApplyDelay"/>, so that work never overlaps the answer to that sign-up.
/// </summary>
public sealed class SignupProcessor(
    DbConnectionFactory connections,
    SignupSignal signal,
    OutboxSignal outbox,
    IOptions<SubscriptionOptions> options,
    ILogger<SignupProcessor> logger) : QueueDrainer(signal, logger)
{
    internal const int MaxAttempts = 5;
    const int BatchSize = 100;

    protected override string Queue => "received sign-ups";

    protected override TimeSpan DelayAfterWakeUp => options.Value.SignupApplyDelay;

    protected override async Task<bool> DrainBatchAsync(CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        var more = await ApplyBatchAsync(stoppingToken) == BatchSize;
        if (more && connections.Engine == DatabaseEngine.Sqlite)
        {
            // SQLite has one writer, and a request waiting for it polls (busy_timeout): batch after batch, this loop
            // would hold the database nearly all the time and starve the very sign-ups it applies (whole seconds
            // without an answer, measured). Resting as long as the batch took leaves the requests half.
            await Task.Delay(Stopwatch.GetElapsedTime(started), stoppingToken);
        }

        return more;
    }

    /// <returns>How many received sign-ups it took up, applied or not.</returns>
    public async Task<int> ApplyBatchAsync(CancellationToken stoppingToken)
    {
        await using var connection = await connections.OpenAsync(stoppingToken);
        var waiting = await ReceivedSignups.WaitingAsync(connection, BatchSize, stoppingToken);
        foreach (var id in waiting)
        {
            await ApplyAsync(connection, id, stoppingToken);
        }

        return waiting.Count;
    }

    async Task ApplyAsync(DbConnection connection, long id, CancellationToken stoppingToken)
    {
        try
        {
            SignupOutcome outcome;
            await using (var transaction = await connection.BeginTransactionAsync(stoppingToken))
            {
                var received = await ReceivedSignups.TakeAsync(connection, transaction, id);
                if (received?.Signup is not { } signup)
                {
                    if (received is not null)
                    {
                        logger.LogWarning("Received sign-up {Id} no longer passes validation and was dropped", id);
                    }

                    await transaction.CommitAsync(stoppingToken);
                    return;
                }

                outcome = await SubscriptionStore.SignUpAsync(
                    connection, transaction, signup, options.Value.ConfirmationResendInterval, received.ReceivedAt);
                await transaction.CommitAsync(stoppingToken);
            }

            if (outcome == SignupOutcome.ConfirmationQueued)
            {
                outbox.Notify();
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Left in the queue for the next pass, unless it keeps failing: then it stays there, unapplied, for an
            // operator to read, and no longer holds up the others.
            var attempts = await ReceivedSignups.CountFailedAttemptAsync(connection, id, stoppingToken);
            logger.LogError(ex, "Applying received sign-up {Id} failed (attempt {Attempts} of {MaxAttempts})", id, attempts, MaxAttempts);
        }
    }
}
