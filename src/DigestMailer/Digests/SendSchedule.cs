namespace DigestMailer.Digests;

public static class Frequency
{
    public const string Daily = "daily";
    public const string Weekly = "weekly";
}

/// <summary>When one subscriber wants the digest: daily or weekly on a weekday, at a local hour in a time zone.</summary>
public sealed record SendSchedule(string Frequency, DayOfWeek Weekday, int SendHour, string TimeZone)
{
    public static readonly SendSchedule Default = new(Digests.Frequency.Daily, DayOfWeek.Monday, 7, "UTC");

    /// <summary>
    /// The digest date due at <paramref name="now"/>, or null. The latest scheduled slot at or before now is due when
    /// it is not older than <paramref name="catchUp"/> (a run missed while the service was down is made up, a
    /// day-old one is not: the next slot brings its papers), not before the subscriber started
    /// (<paramref name="since"/>), and not already in the ledger (<paramref name="lastDigestDate"/>): one digest per
    /// local day at most.
    /// </summary>
    public DateOnly? DueDate(DateTimeOffset now, DateTimeOffset since, string? lastDigestDate, TimeSpan catchUp)
    {
        var zone = Zone();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        for (var back = 0; back <= 7; back++)
        {
            var date = today.AddDays(-back);
            if (Frequency == Digests.Frequency.Weekly && date.DayOfWeek != Weekday)
            {
                continue;
            }

            var slot = SlotInstant(date, zone);
            if (slot > now)
            {
                continue;
            }

            var alreadySent = lastDigestDate is not null && string.CompareOrdinal(lastDigestDate, DigestDate.Format(date)) >= 0;
            return now - slot <= catchUp && slot >= since && !alreadySent ? date : null;
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

    TimeZoneInfo Zone() => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public static bool IsKnownTimeZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
