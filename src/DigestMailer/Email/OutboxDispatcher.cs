using DigestMailer.Subscriptions;

namespace DigestMailer.Email;

/// <summary>Sends the mail that requests queued in mail_outbox, over one connection per batch.</summary>
public sealed class OutboxDispatcher(
    MailOutbox outbox,
    OutboxSignal signal,
    IMailSender sender,
    SubscriptionStore subscribers,
    AccountMail mails,
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
        var claim = await outbox.ClaimAsync(BatchSize, cancellationToken);
        await using var session = new LazyMailSession(sender);
        for (var i = 0; i < claim.Messages.Count; i++)
        {
            await SendOneAsync(session, claim, i, cancellationToken);
        }

        return claim.Messages.Count;
    }

    async Task SendOneAsync(LazyMailSession session, OutboxClaim claim, int index, CancellationToken cancellationToken)
    {
        var message = claim.Messages[index];
        var accepted = false;
        try
        {
            var subscriber = await subscribers.GetAsync(message.SubscriberId, cancellationToken);
            if (subscriber is null)
            {
                await outbox.MarkFailedAsync(message.Id, claim.ClaimId, "subscriber no longer exists");
                return;
            }

            var mime = await mails.BuildAsync(message.Kind, subscriber);
            if (mime is null)
            {
                await outbox.MarkFailedAsync(message.Id, claim.ClaimId, $"unknown kind of mail '{message.Kind}'");
                return;
            }

            await session.SendAsync(mime, cancellationToken);
            accepted = true;
            await outbox.MarkSentAsync(message.Id, claim.ClaimId);
        }
        catch (Exception ex) when (!accepted && (SmtpFailure.Classify(ex) is SmtpFailureKind.Permanent
            || (SmtpFailure.Classify(ex) is SmtpFailureKind.Temporary && message.Attempts >= MaxAttempts)))
        {
            logger.LogWarning(ex, "Outbox message {Id} to subscriber {Subscriber} was refused", message.Id, message.SubscriberId);
            await outbox.MarkFailedAsync(message.Id, claim.ClaimId, ex.Message);
        }
        catch (Exception ex) when (!accepted && SmtpFailure.Classify(ex) is SmtpFailureKind.Temporary)
        {
            await outbox.ReleaseAsync(message.Id, claim.ClaimId, ex.Message, message.Attempts);
        }
        catch (Exception ex)
        {
            // As in SendBatchJob: what was not attempted goes back at once; an accepted message is never released.
            foreach (var unsent in claim.Messages.Skip(accepted ? index + 1 : index))
            {
                await outbox.ReleaseAsync(unsent.Id, claim.ClaimId, ex.Message);
            }

            throw;
        }
    }
}
