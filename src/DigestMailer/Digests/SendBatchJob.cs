using DigestMailer.Email;
using DigestMailer.Subscriptions;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DigestMailer.Digests;

/// <summary>
/// Sends the pending digests with ids in [firstId, lastId] over one connection. Safe to run twice: it only
/// sends what it can claim in the ledger, and marks each digest sent right after the server accepts it.
/// </summary>
public sealed class SendBatchJob(
    DigestLedger ledger,
    DigestMail mail,
    IMailSender sender,
    IBackgroundJobClient jobs,
    IOptions<DigestOptions> options,
    ILogger<SendBatchJob> logger)
{
    static readonly TimeSpan TemporaryFailureRetry = TimeSpan.FromMinutes(5);

    [AutomaticRetry(Attempts = 10)]
    [JobDisplayName("Send digests {0}–{1}")]
    public async Task RunAsync(long firstId, long lastId, CancellationToken cancellationToken)
    {
        var claim = await ledger.ClaimAsync(firstId, lastId, cancellationToken);
        if (claim.Ids.Count == 0)
        {
            return;
        }

        var digests = await ledger.LoadAsync(claim.Ids, cancellationToken);
        var retryLater = false;
        await using (var session = new LazyMailSession(sender))
        {
            for (var i = 0; i < digests.Count; i++)
            {
                retryLater |= await SendOneAsync(session, digests, i, claim.ClaimId, cancellationToken);
            }
        }

        if (retryLater)
        {
            jobs.Schedule<SendBatchJob>(job => job.RunAsync(firstId, lastId, CancellationToken.None), TemporaryFailureRetry);
        }
    }

    /// <returns>True when the relay refused the digest for now and it should be tried again later.</returns>
    async Task<bool> SendOneAsync(
        LazyMailSession session, IReadOnlyList<DigestToSend> digests, int index, string claimId, CancellationToken cancellationToken)
    {
        var digest = digests[index];
        if (digest.SubscriberStatus != SubscriberStatus.Active || digest.Papers.Count == 0)
        {
            await ledger.MarkSkippedAsync(digest.Id, claimId, digest.Papers.Count == 0 ? "no papers left to send" : $"subscriber is {digest.SubscriberStatus}");
            return false;
        }

        var accepted = false;
        try
        {
            var message = await mail.BuildAsync(digest);
            if (!await ledger.RenewAsync(digest.Id, claimId))
            {
                return false;
            }

            await session.SendAsync(message, cancellationToken);
            accepted = true;
            await ledger.MarkSentAsync(digest.Id, claimId);
            return false;
        }
        catch (Exception ex) when (!accepted && (SmtpFailure.Classify(ex) is SmtpFailureKind.Permanent
            || (SmtpFailure.Classify(ex) is SmtpFailureKind.Temporary && digest.Attempts >= options.Value.MaxAttempts)))
        {
            logger.LogWarning(ex, "Digest {Digest} to subscriber {Subscriber} was refused", digest.Id, digest.SubscriberId);
            await ledger.MarkFailedAsync(digest.Id, claimId, ex.Message);
            if (SmtpFailure.IsRecipientRejected(ex))
            {
                await ledger.MarkBouncedAsync(digest.SubscriberId);
            }

            return false;
        }
        catch (Exception ex) when (!accepted && SmtpFailure.Classify(ex) is SmtpFailureKind.Temporary)
        {
            await ledger.ReleaseAsync(digest.Id, claimId, ex.Message);
            return true;
        }
        catch (Exception ex)
        {
            // The session failed, the job was cancelled, rendering failed, or the ledger could not record a
            // message the relay had accepted. What was not attempted goes back to pending for Hangfire's retry;
            // an accepted message is never released, so it cannot be sent again.
            foreach (var unsent in digests.Skip(accepted ? index + 1 : index))
            {
                await ledger.ReleaseAsync(unsent.Id, claimId, ex.Message);
            }

            throw;
        }
    }
}
