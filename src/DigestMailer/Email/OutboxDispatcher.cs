using DigestMailer.Jobs;

namespace DigestMailer.Email;

/// <summary>Sends the mail that requests queued in mail_outbox, over one connection per batch.</summary>
public sealed class OutboxDispatcher(
    MailOutbox outbox,
    OutboxSignal signal,
    IMailSender sender,
    SendThrottle throttle,
    ReturnPaths returnPaths,
    IOutboxMessages messages,
    ILogger<OutboxDispatcher> logger) : QueueDrainer(signal, logger)
{
    const int BatchSize = 50;
    const int MaxAttempts = 10;

    protected override string Queue => "queued mail";

    protected override async Task<bool> DrainBatchAsync(CancellationToken stoppingToken) =>
        await DispatchBatchAsync(stoppingToken) == BatchSize;

    /// <returns>How many messages were claimed.</returns>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        // Account mail keeps its one connection outside Smtp:Connections, so a sign-up during a long digest run still
        // gets its confirmation at once; it does take its turns within Smtp:MaxMessagesPerSecond.
        var claim = await outbox.ClaimAsync(BatchSize, cancellationToken);
        await using var session = new LazyMailSession(sender);
        for (var i = 0; i < claim.Messages.Count && await SendOneAsync(session, claim, i, cancellationToken); i++)
        {
        }

        return claim.Messages.Count;
    }

    /// <returns>False when the rest of the claim was put back and the batch should stop.</returns>
    async Task<bool> SendOneAsync(LazyMailSession session, OutboxClaim claim, int index, CancellationToken cancellationToken)
    {
        var message = claim.Messages[index];
        var accepted = false;
        try
        {
            var (mime, unsendable) = await messages.BuildAsync(message.Kind, message.SubscriberId, cancellationToken);
            if (mime is null)
            {
                await outbox.MarkFailedAsync(message.Id, claim.ClaimId, unsendable ?? "no message");
                return true;
            }

            await throttle.WaitToSendAsync(cancellationToken);
            await session.SendAsync(mime, returnPaths.For(ReturnPathKind.Subscriber, message.SubscriberId), cancellationToken);
            accepted = true;
            await outbox.MarkSentAsync(message.Id, claim.ClaimId);
            return true;
        }
        catch (Exception ex) when (!accepted && SmtpFailure.Decide(ex, message.Attempts, MaxAttempts) is
            SmtpFailureAction.Bounce or SmtpFailureAction.Fail)
        {
            logger.LogWarning(ex, "Outbox message {Id} to subscriber {Subscriber} was refused", message.Id, message.SubscriberId);
            // The address is suppressed before the message leaves the queue: whoever sees it settled sees both.
            if (SmtpFailure.Classify(ex) is SmtpFailureAction.Bounce)
            {
                await messages.MailboxRefusedAsync(message.SubscriberId, CancellationToken.None);
            }

            await outbox.MarkFailedAsync(message.Id, claim.ClaimId, ex.Message);

            return true;
        }
        catch (Exception ex) when (!accepted && SmtpFailure.Classify(ex) is SmtpFailureAction.RetryLater)
        {
            await outbox.ReleaseAsync(message.Id, claim.ClaimId, ex.Message, message.Attempts);
            return true;
        }
        catch (Exception ex) when (!accepted && SmtpFailure.Classify(ex) is SmtpFailureAction.StopSending)
        {
            // The relay refuses the sender, not this address: nothing fails, everything waits, longer each time.
            logger.LogError(ex, "The relay refused the sender of account mail; retrying later: {Reason}", ex.Message);
            foreach (var unsent in claim.Messages.Skip(index))
            {
                await outbox.ReleaseAsync(unsent.Id, claim.ClaimId, ex.Message, unsent.Attempts);
            }

            return false;
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
