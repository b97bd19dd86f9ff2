
namespace DigestMailer.Subscriptions;

/// <summary>The send-time fields as a page shows them (templates/pages/_schedule.liquid).</summary>
public sealed record ScheduleForm(string Frequency, string Weekday, int SendHour, string TimeZone, IReadOnlyList<string> Errors)
{
    /// <summary>
    /// False only on a blank sign-up form, where the page may pre-select the browser's zone; a saved or posted zone is
    /// the person's choice and must never be replaced behind their back.
    /// </summary>
    public bool ZoneChosen { get; init; } = true;

    static readonly Lazy<string[]> AllZones = new(() =>
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal).ToArray());

    public IReadOnlyList<string> Zones => AllZones.Value;

    public static ScheduleForm From(SendSchedule schedule, IReadOnlyList<string>? errors = null) =>
        new(schedule.Frequency, schedule.Weekday.ToString().ToLowerInvariant(), schedule.SendHour, schedule.TimeZone, errors ?? []);

    /// <summary>What was posted, shown again with its errors so nothing typed is lost.</summary>
    public static ScheduleForm Posted(string? frequency, string? weekday, string? sendHour, string? timeZone, Dictionary<string, string[]> errors) =>
        new(
            frequency ?? SendSchedule.Default.Frequency,
            (weekday ?? "monday").ToLowerInvariant(),
            int.TryParse(sendHour, out var hour) ? hour : SendSchedule.Default.SendHour,
            timeZone ?? SendSchedule.Default.TimeZone,
            errors.Where(e => e.Key is "frequency" or "weekday" or "sendHour" or "timeZone" or "maxPapers").SelectMany(e => e.Value).ToList());

    /// <summary>Parses the posted send hour; a value that is not a number is reported like one out of range.</summary>
    public static int? Hour(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : int.TryParse(text, out var hour) ? hour : -1;
}
