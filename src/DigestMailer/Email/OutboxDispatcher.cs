using DigestMailer.Subscriptions;

namespace DigestMailer.Email;

/// <summary>Sends the mail that requests queued in mail_outbox, over one connection per batch.</summary>
public sealed class OutboxDispatcher(
    MailOutbox outbox,
    OutboxSignal signal,
    IMailSender sender,
    SubscriptionStore subscribers,
    ConfirmationMail confirmations,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    // Other processes of a scale-out queue mail too; their rows are picked up at this interval.
    static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    const int BatchSize = 50;
    const int MaxAttempts = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken) == BatchSize)
                {
                }

                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop must outlive any one failure; the next poll retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Sending queued mail failed; retrying in {Interval}", PollInterval);
                await Task.Delay(PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <returns>How many messages were claimed.</returns>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var batch = await outbox.ClaimAsync(BatchSize, cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        IMailSession? session = null;
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var message = batch[i];
                var subscriber = await subscribers.GetAsync(message.SubscriberId, cancellationToken);
                if (subscriber is null)
                {
                    await outbox.MarkFailedAsync(message.Id, "subscriber no longer exists", cancellationToken);
                    continue;
                }

                var mime = await confirmations.BuildAsync(subscriber);
                try
                {
                    session ??= await sender.OpenSessionAsync(cancellationToken);
                    await session.SendAsync(mime, cancellationToken);
                    await outbox.MarkSentAsync(message.Id, CancellationToken.None);
                }
                catch (Exception ex) when (SmtpFailure.Classify(ex) is SmtpFailureKind.Permanent
                    || (SmtpFailure.Classify(ex) is SmtpFailureKind.Temporary && message.Attempts >= MaxAttempts))
                {
                    logger.LogWarning(ex, "Outbox message {Id} to subscriber {Subscriber} was refused", message.Id, message.SubscriberId);
                    await outbox.MarkFailedAsync(message.Id, ex.Message, CancellationToken.None);
                }
                catch (Exception ex) when (SmtpFailure.Classify(ex) is SmtpFailureKind.Temporary)
                {
                    await outbox.ReleaseAsync(message.Id, ex.Message, CancellationToken.None);
                }
                catch (Exception ex) when (SmtpFailure.Classify(ex) is SmtpFailureKind.ConnectionBroken || ex is OperationCanceledException)
                {
                    foreach (var unsent in batch.Skip(i))
                    {
                        await outbox.ReleaseAsync(unsent.Id, ex.Message, CancellationToken.None);
                    }

                    throw;
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }

        return batch.Count;
    }
}
