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
        var claimed = await ledger.ClaimAsync(firstId, lastId, cancellationToken);
        if (claimed.Count == 0)
        {
            return;
        }

        var digests = await ledger.LoadAsync(claimed, cancellationToken);
        var retryLater = false;
        IMailSession? session = null;
        try
        {
            for (var i = 0; i < digests.Count; i++)
            {
                var digest = digests[i];
                if (digest.SubscriberStatus != SubscriberStatus.Active)
                {
                    await ledger.MarkSkippedAsync(digest.Id, $"subscriber is {digest.SubscriberStatus}");
                    continue;
                }

                if (digest.Papers.Count == 0)
                {
                    await ledger.MarkSkippedAsync(digest.Id, "no papers left to send");
                    continue;
                }

                try
                {
                    var message = await mail.BuildAsync(digest);
                    session ??= await sender.OpenSessionAsync(cancellationToken);
                    await session.SendAsync(message, cancellationToken);
                    await ledger.MarkSentAsync(digest.Id);
                }
                catch (Exception ex) when (SmtpFailure.Classify(ex) is SmtpFailureKind.Permanent
                    || (SmtpFailure.Classify(ex) is SmtpFailureKind.Temporary && digest.Attempts >= options.Value.MaxAttempts))
                {
                    logger.LogWarning(ex, "Digest {Digest} to subscriber {Subscriber} was refused", digest.Id, digest.SubscriberId);
                    await ledger.MarkFailedAsync(digest.Id, ex.Message);
                    if (SmtpFailure.IsRecipientRejected(ex))
                    {
                        await ledger.MarkBouncedAsync(digest.SubscriberId);
                    }
                }
                catch (Exception ex) when (SmtpFailure.Classify(ex) is SmtpFailureKind.Temporary)
                {
                    await ledger.ReleaseAsync(digest.Id, ex.Message);
                    retryLater = true;
                }
                catch (Exception ex)
                {
                    // The connection broke, the job was cancelled, or rendering failed: nothing after this digest
                    // was attempted, so all of it goes back to pending and Hangfire retries the job.
                    foreach (var unsent in digests.Skip(i))
                    {
                        await ledger.ReleaseAsync(unsent.Id, ex.Message);
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

        if (retryLater)
        {
            jobs.Schedule<SendBatchJob>(job => job.RunAsync(firstId, lastId, CancellationToken.None), TemporaryFailureRetry);
        }
    }
}
