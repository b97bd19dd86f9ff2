using DigestMailer.Digests;
using DigestMailer.Email;
using DigestMailer.Subscriptions;

namespace DigestMailer.Bounces;

/// <param name="Unknown">Reported recipients that name no subscriber of ours (their addresses, or the report's key).</param>
public sealed record BounceResult(string Type, IReadOnlyList<BounceOutcome> Outcomes, IReadOnlyList<string> Unknown);

/// <summary>Finds the subscriber (and digest) each recipient of a report is about, and records what the report means.</summary>
public sealed class BounceProcessor(
    ReturnPaths returnPaths, LinkTokens links, SubscriptionStore subscriptions, DigestLedger ledger, BounceStore store, ILogger<BounceProcessor> logger)
{
    /// <param name="trustAddresses">
    /// Whether a recipient may be found by its address alone. Signed return-path tags and unsubscribe links cannot be
    /// forged; an address can, by anyone who can mail the bounce mailbox, so the IMAP reader trusts addresses only when
    /// no VERP address is configured (then nothing else names the recipient). The admin API is the operator's word.
    /// </param>
    public async Task<BounceResult> ProcessAsync(DeliveryReport report, bool trustAddresses, CancellationToken cancellationToken)
    {
        var outcomes = new List<BounceOutcome>();
        var unknown = new List<string>();
        foreach (var recipient in report.Recipients)
        {
            var target = await FindAsync(recipient, trustAddresses, cancellationToken);
            if (target is not { } found)
            {
                unknown.Add(recipient.Addresses.Count > 0 ? recipient.Addresses[0] : recipient.Tags.Count > 0 ? recipient.Tags[0] : report.Key);
                continue;
            }

            var outcome = await store.RecordAsync(report.Key, found.SubscriberId, found.DigestId, recipient, cancellationToken);
            logger.LogInformation(
                "{Type} report {Key}: {Kind} for subscriber {Subscriber} (digest {Digest}, {Status}): {Action}",
                report.Type, report.Key, outcome.Kind, found.SubscriberId, found.DigestId, recipient.Status, outcome.Action);
            outcomes.Add(outcome);
        }

        return new BounceResult(report.Type, outcomes, unknown);
    }

    async Task<(long SubscriberId, long? DigestId)?> FindAsync(ReportedRecipient recipient, bool trustAddresses, CancellationToken cancellationToken)
    {
        foreach (var tag in recipient.Tags)
        {
            if (!returnPaths.TryRead(tag, out var token))
            {
                continue;
            }

            if (token.Kind == ReturnPathKind.Digest && await ledger.SubscriberOfAsync(token.Id, cancellationToken) is { } owner)
            {
                return (owner, token.Id);
            }

            if (token.Kind == ReturnPathKind.Subscriber && await subscriptions.ExistsAsync(token.Id, cancellationToken))
            {
                return (token.Id, null);
            }
        }

        foreach (var link in recipient.Links)
        {
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Uri.TryCreate(link, UriKind.Absolute, out var uri) ? uri.Query : "");
            if (links.Check(query["token"].FirstOrDefault(), LinkPurpose.Unsubscribe) is { Status: LinkTokenStatus.Valid } check
                && await subscriptions.ExistsAsync(check.SubscriberId, cancellationToken))
            {
                return (check.SubscriberId, null);
            }
        }

        if (trustAddresses)
        {
            foreach (var address in recipient.Addresses)
            {
                if (EmailAddress.TryParse(address, out var parsed, out _)
                    && await subscriptions.FindByEmailAsync(parsed!, cancellationToken) is { } subscriber)
                {
                    return (subscriber.Id, null);
                }
            }
        }

        return null;
    }
}
