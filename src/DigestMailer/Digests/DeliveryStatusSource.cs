using System.Globalization;
using System.Text.Json;
using DigestMailer.Subscriptions;
using Microsoft.Extensions.Options;

namespace DigestMailer.Digests;

/// <summary>
/// The preferences page's "your digest" block, told from the ledger alone: the planner writes a row for every digest
/// it plans, 'skipped' with no papers when nothing new matched, and the sender marks the others sent, skipped (with
/// the reason) or failed. A slot with no row (paused then, or the service down past the catch-up window) is not told.
/// </summary>
public sealed class DeliveryStatusSource(
    DigestHistory history, LinkTokens tokens, IOptions<DigestOptions> options, IOptions<AppOptions> app, TimeProvider time) : IDeliveryStatusSource
{
    /// <summary>Rows read back: a week of daily digests and one more, enough to explain a week without mail.</summary>
    const int RowsRead = 8;

    /// <summary>At most this many notes, newest first.</summary>
    const int NotesShown = 5;

    public async Task<DeliveryStatus> ForAsync(Subscriber subscriber, CancellationToken cancellationToken)
    {
        var recent = await history.RecentAsync(subscriber.Id, RowsRead, cancellationToken);
        var lastSent = recent.LastSent;
        var papers = lastSent is null ? 0 : DigestItem.Deserialize(lastSent.Items).Count;
        var viewUrl = lastSent is not null && papers > 0
            ? app.Value.Link(FormattableString.Invariant($"digests/{lastSent.Id}?token={Uri.EscapeDataString(tokens.Create(LinkPurpose.Preferences, subscriber.Id))}"))
            : null;
        return Describe(subscriber, recent, time.GetUtcNow(), options.Value.CatchUpWindow) with
        {
            LastDigestUrl = viewUrl,
            FeedUrl = app.Value.Link(DigestFeed.PathFor(tokens, subscriber.Id)),
        };
    }

    /// <summary>The sentences of the block (links left empty), from the subscriber and their latest ledger rows. Pure.</summary>
    internal static DeliveryStatus Describe(Subscriber subscriber, RecentDigests recent, DateTimeOffset now, TimeSpan catchUp)
    {
        var schedule = subscriber.Schedule;
        var thisYear = schedule.Local(now).Year;
        var lastSent = recent.LastSent;
        var lastDigest = lastSent is null ? null : $"{Day(lastSent.DigestDate, thisYear)}: {Papers(DigestItem.Deserialize(lastSent.Items).Count)}";
        var notes = recent.Latest
            .Where(d => lastSent is null || string.CompareOrdinal(d.DigestDate, lastSent.DigestDate) > 0)
            .Take(NotesShown)
            .Select(d => Note(d, Day(d.DigestDate, thisYear)))
            .OfType<string>()
            .ToList();
        return new DeliveryStatus(lastDigest, null, Next(subscriber, recent, now, catchUp), notes, "");
    }

    static string Next(Subscriber subscriber, RecentDigests recent, DateTimeOffset now, TimeSpan catchUp)
    {
        switch (subscriber.Status)
        {
            case SubscriberStatus.Pending:
                return "Your digests start once you confirm your address with the link in the confirmation mail.";
            case SubscriberStatus.Unsubscribed:
                return "You are unsubscribed, so no digest goes out.";
            case SubscriberStatus.Bounced:
                return "Digests are stopped: mail to this address bounced.";
        }

        if (subscriber.Paused)
        {
            return "Paused: no digest goes out until you resume.";
        }

        // What the planner reads: the latest ledger date no local calendar is past, and when the latest row was made.
        var latestDate = DigestDate.Format(DateOnly.FromDateTime(now.UtcDateTime).AddDays(1));
        var lastDate = recent.Latest.Select(d => d.DigestDate).Where(d => string.CompareOrdinal(d, latestDate) <= 0).Max(StringComparer.Ordinal);
        DateTimeOffset? lastAt = recent.Latest.Count > 0 ? recent.Latest.Max(d => d.CreatedAt) : null;
        var schedule = subscriber.Schedule;
        if (schedule.DueDate(now, recent.ConfirmedAt ?? DateTimeOffset.UnixEpoch, lastDate, lastAt, catchUp) is not null)
        {
            return "Your next digest is due now: it goes out with the next planning run, if there are new papers for you.";
        }

        if (schedule.NextSlot(now, lastDate, lastAt) is not { } slot)
        {
            return "No digest is planned yet.";
        }

        var local = schedule.Local(slot);
        var day = local.ToString(local.Year == schedule.Local(now).Year ? "dddd d MMMM" : "dddd d MMMM yyyy", CultureInfo.InvariantCulture);
        return $"Next digest: {day} at {local:HH:mm} ({schedule.TimeZone}), if there are new papers for you.";
    }

    static string? Note(DigestRecord digest, string day) => digest.Status switch
    {
        DigestStatus.Skipped when digest.LastError is null => NothingNew(digest.Items, day),
        DigestStatus.Skipped when digest.LastError.StartsWith("subscriber is ", StringComparison.Ordinal) =>
            $"The digest of {day} was not sent: your subscription was {digest.LastError["subscriber is ".Length..]} by then.",
        DigestStatus.Skipped => $"The digest of {day} was not sent: {digest.LastError}.",
        DigestStatus.Failed => $"The digest of {day} could not be delivered: the receiving mail server refused it.",
        DigestStatus.Pending or DigestStatus.Sending => $"The digest of {day} is on its way.",
        _ => null,
    };

    // The ledger row names what the digest looked for: the topics of that day and the trending label.
    static string NothingNew(string items, string day)
    {
        using var document = JsonDocument.Parse(items);
        var labels = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("topics", out var topics)
            ? topics.EnumerateArray().Select(t => t.GetString()).ToList()
            : [];
        var trending = labels.Contains(DigestItem.TrendingLabel);
        var hasTopics = labels.Count > (trending ? 1 : 0);
        return (hasTopics, trending) switch
        {
            (true, true) => $"No new paper matched your topics on {day}, and none was trending.",
            (true, false) => $"No new paper matched your topics on {day}.",
            (false, true) => $"No new trending paper on {day}.",
            _ => $"No new paper for you on {day}.",
        };
    }

    static string Day(string digestDate, int thisYear) =>
        DigestDate.TryParse(digestDate, out var date)
            ? date.ToString(date.Year == thisYear ? "d MMMM" : "d MMMM yyyy", CultureInfo.InvariantCulture)
            : digestDate;

    static string Papers(int count) => count == 1 ? "1 paper" : $"{count} papers";
}
