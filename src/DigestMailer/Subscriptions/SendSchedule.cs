namespace DigestMailer.Subscriptions;

public static class Frequency
{
    public const string Daily = "daily";
    public const string Weekly = "weekly";
}

/// <summary>When one subscriber wants the digest: daily or weekly on a weekday, at a local hour in a time zone.</summary>
public sealed record SendSchedule(string Frequency, DayOfWeek Weekday, int SendHour, string TimeZone)
{
    public static readonly SendSchedule Default = new(Subscriptions.Frequency.Daily, DayOfWeek.Monday, 7, "UTC");

    /// <summary>Digests closer together than this are never sent, whatever the schedule or a change of time zone says.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromHours(12);

    /// <summary>
    /// The digest date due at <paramref name="now"/>, or null. The latest scheduled slot at or before now is due when
    /// it is not older than <paramref name="catchUp"/> (a run missed while the service was down is made up, a
    /// day-old one is not: the next slot brings its papers), not before the subscriber started
    /// (<paramref name="since"/>), not already in the ledger (<paramref name="lastDigestDate"/>), and the last digest
    /// was made at least <see cref="MinimumGap"/> ago (<paramref name="lastDigestAt"/>; a new time zone must not
    /// bring a second digest the same day). A slot caught up after local midnight counts as today's digest, so
    /// today's own slot does not send another.
    /// </summary>
    public DateOnly? DueDate(DateTimeOffset now, DateTimeOffset since, string? lastDigestDate, DateTimeOffset? lastDigestAt, TimeSpan catchUp)
    {
        if (lastDigestAt is { } last && now - last < MinimumGap)
        {
            return null;
        }

        var zone = Zone();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        for (var back = 0; back <= 7; back++)
        {
            var date = today.AddDays(-back);
            if (Frequency == Subscriptions.Frequency.Weekly && date.DayOfWeek != Weekday)
            {
                continue;
            }

            var slot = SlotInstant(date, zone);
            if (slot > now)
            {
                continue;
            }

            // A ledger date after today (an admin run for a future date) says nothing about today's digest.
            var alreadySent = lastDigestDate is not null
                && string.CompareOrdinal(lastDigestDate, DigestDate.Format(date)) >= 0
                && string.CompareOrdinal(lastDigestDate, DigestDate.Format(today)) <= 0;
            return now - slot <= catchUp && slot >= since && !alreadySent ? today : null;
        }

        return null;
    }

    /// <summary>
    /// The next slot after <paramref name="now"/> that <see cref="DueDate"/> would plan: on a local date the ledger
    /// has no digest for yet, and at least <see cref="MinimumGap"/> after the last digest. Null only for a ledger
    /// date far ahead (an admin run for a future date), which blocks every slot up to it.
    /// </summary>
    public DateTimeOffset? NextSlot(DateTimeOffset now, string? lastDigestDate, DateTimeOffset? lastDigestAt)
    {
        var zone = Zone();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        for (var ahead = 0; ahead <= 15; ahead++)
        {
            var date = today.AddDays(ahead);
            var slot = SlotInstant(date, zone);
            var planned = lastDigestDate is not null && string.CompareOrdinal(lastDigestDate, DigestDate.Format(date)) >= 0;
            if ((Frequency != Subscriptions.Frequency.Weekly || date.DayOfWeek == Weekday) && slot > now && !planned
                && !(lastDigestAt is { } last && slot - last < MinimumGap))
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>The instant of the send hour on a local date; a send hour that daylight saving skips moves an hour later.</summary>
    DateTimeOffset SlotInstant(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(new TimeOnly(SendHour, 0));
        while (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>An instant on the subscriber's own clock.</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone());

    TimeZoneInfo Zone() => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public static bool IsKnownTimeZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
