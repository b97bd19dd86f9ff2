using System.Globalization;

namespace DigestMailer.Subscriptions;

/// <summary>How a subscriber's schedule reads in a sentence, so a weekly subscriber is never told "daily".</summary>
public static class ScheduleWording
{
    /// <summary>"a daily digest", or "a weekly digest on Mondays".</summary>
    public static string Digest(SendSchedule schedule) =>
        schedule.Frequency == Frequency.Weekly ? $"a weekly digest on {Weekdays(schedule.Weekday)}" : "a daily digest";

    /// <summary>"the next daily issue", or "the next weekly issue, on Monday".</summary>
    public static string NextIssue(SendSchedule schedule) =>
        schedule.Frequency == Frequency.Weekly
            ? $"the next weekly issue, on {CultureInfo.InvariantCulture.DateTimeFormat.GetDayName(schedule.Weekday)}"
            : "the next daily issue";

    static string Weekdays(DayOfWeek day) => CultureInfo.InvariantCulture.DateTimeFormat.GetDayName(day) + "s";
}
