using DigestMailer.Email;
using DigestMailer.Jobs;
using DigestMailer.Subscriptions;
using Hangfire;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DigestMailer.Digests;

/// <summary>
/// Sends the pending digests with ids in [firstId, lastId] over one connection. Safe to run twice: it only
/// sends what it can claim in the ledger, and marks each digest sent right after the server accepts it.
/// </summary>
public sealed class SendBatchJob(
    DigestLedger ledger,
    DigestRuns runs,
    DigestMail mail,
    IMailSender sender,
    SendThrottle throttle,
    ReturnPaths returnPaths,
    IBackgroundJobClient jobs,
    IOptions<DigestOptions> options,
    ILogger<SendBatchJob> logger)
{
    static readonly RetryBackoff Retry = new(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));

    enum Outcome
    {
        Done,
        RetryLater,
        Stopped,
    }

    [AutomaticRetry(Attempts = 10)]
    [JobDisplayName("Send digests {0}–{1}")]
    public async Task RunAsync(long firstId, long lastId, CancellationToken cancellationToken)
    {
        if (await runs.IsSendingStoppedAsync(cancellationToken))
        {
            // The relay refused the sender; the next run sends these (PlanDigestsJob resumes sending).
            return;
        }

        // The connection is waited for before the claim, so a batch's claim does not age while it queues.
        using var connection = await throttle.EnterConnectionAsync(cancellationToken);
        var claim = await ledger.ClaimAsync(firstId, lastId, cancellationToken);
        if (claim.Ids.Count == 0)
        {
            return;
        }

        var digests = await ledger.LoadAsync(claim.Ids, cancellationToken);
        var batch = ledger.Batch(claim);
        var retryAfter = TimeSpan.Zero;
        await using (var session = new LazyMailSession(sender))
        {
            // Rendering is CPU work and a send is mostly waiting for the relay, so the next digest is rendered on
            // another thread while this one is on the wire. Sends and marks stay one at a time and in order.
            var next = Render(digests[0]);
            for (var i = 0; i < digests.Count; i++)
            {
                var rendered = next;
                next = i + 1 < digests.Count ? Render(digests[i + 1]) : null;
                var outcome = await SendOneAsync(batch, session, digests, i, rendered, cancellationToken);
                if (outcome == Outcome.Stopped)
                {
                    return;
                }

                if (outcome == Outcome.RetryLater && RetryDelay(digests[i].Attempts) > retryAfter)
                {
                    retryAfter = RetryDelay(digests[i].Attempts);
                }
            }
        }

        if (retryAfter > TimeSpan.Zero)
        {
            jobs.Schedule<SendBatchJob>(job => job.RunAsync(firstId, lastId, CancellationToken.None), retryAfter);
        }
    }

    /// <summary>
    /// How long a batch waits before trying again a digest the relay refused for now (4xx), after its
    /// <paramref name="attempts"/>-th try: 5 minutes, doubling with each try up to an hour, so a relay that keeps
    /// saying "later" (greylisting, a full queue, a rate limit) is asked less and less often.
    /// </summary>
    internal static TimeSpan RetryDelay(int attempts) => Retry.After(attempts);

    static string? SkipReason(DigestToSend digest) =>
        digest.Papers.Count == 0 ? "no papers left to send"
        : digest.SubscriberStatus != SubscriberStatus.Active ? $"subscriber is {digest.SubscriberStatus}"
        : null;

    /// <summary>Starts rendering a digest that will be sent; a rendering failure surfaces when its send awaits it.</summary>
    Task<MimeMessage>? Render(DigestToSend digest) => SkipReason(digest) is null ? Task.Run(() => mail.BuildAsync(digest)) : null;

    async Task<Outcome> SendOneAsync(
        ClaimedBatch batch,
        LazyMailSession session,
        IReadOnlyList<DigestToSend> digests,
        int index,
        Task<MimeMessage>? rendered,
        CancellationToken cancellationToken)
    {
        var digest = digests[index];
        if (rendered is null)
        {
            await batch.MarkSkippedAsync(digest.Id, SkipReason(digest)!);
            return Outcome.Done;
        }

        var accepted = false;
        try
        {
            var message = await rendered;
            // The turn comes before the ownership check: a claim taken over while this job waited is never sent.
            await throttle.WaitToSendAsync(cancellationToken);
            if (!await batch.OwnsAsync(digest.Id))
            {
                return Outcome.Done;
            }

            await session.SendAsync(message, returnPaths.For(ReturnPathKind.Digest, digest.Id), cancellationToken);
            accepted = true;
            await batch.MarkSentAsync(digest.Id);
            return Outcome.Done;
        }
        catch (Exception ex) when (!accepted && SmtpFailure.Decide(ex, digest.Attempts, options.Value.MaxAttempts) is
            SmtpFailureAction.Bounce or SmtpFailureAction.Fail)
        {
            logger.LogWarning(ex, "Digest {Digest} to subscriber {Subscriber} was refused", digest.Id, digest.SubscriberId);
            // As in OutboxDispatcher: the address is suppressed before the digest leaves the queue.
            if (SmtpFailure.Classify(ex) is SmtpFailureAction.Bounce)
            {
                await batch.MarkBouncedAsync(digest.SubscriberId);
            }

            await batch.MarkFailedAsync(digest.Id, ex.Message);

            return Outcome.Done;
        }
        catch (Exception ex) when (!accepted && SmtpFailure.Classify(ex) is SmtpFailureAction.RetryLater)
        {
            await batch.ReleaseAsync(digest.Id, ex.Message);
            return Outcome.RetryLater;
        }
        catch (Exception ex) when (!accepted && SmtpFailure.Classify(ex) is SmtpFailureAction.StopSending)
        {
            // Every other digest would be refused the same way, and the subscribers are not to blame: keep them all
            // pending, and say why on the runs they belong to.
            logger.LogError(ex, "The relay refused the sender; sending stops until the next digest run: {Reason}", ex.Message);
            await ReleaseFromAsync(batch, digests, index, ex.Message);
            await runs.StopSendingAsync($"The relay refused the sender: {ex.Message}");
            return Outcome.Stopped;
        }
        catch (Exception ex)
        {
            // The session failed, the job was cancelled, rendering failed, or the ledger could not record a
            // message the relay had accepted. What was not attempted goes back to pending for Hangfire's retry;
            // an accepted message is never released, so it cannot be sent again.
            await ReleaseFromAsync(batch, digests, accepted ? index + 1 : index, ex.Message);
            throw;
        }
    }

    static async Task ReleaseFromAsync(ClaimedBatch batch, IReadOnlyList<DigestToSend> digests, int index, string error)
    {
        foreach (var unsent in digests.Skip(index))
        {
            await batch.ReleaseAsync(unsent.Id, error);
        }
    }
}
