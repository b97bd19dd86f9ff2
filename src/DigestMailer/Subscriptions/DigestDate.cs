using System.Globalization;

namespace DigestMailer.Subscriptions;

/// <summary>The calendar date that keys a digest in the ledger, always written YYYY-MM-DD.</summary>
public static class DigestDate
{
    public const string Pattern = "yyyy-MM-dd";

    public static string Format(DateOnly date) => date.ToString(Pattern, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>
    /// The latest date a digest can carry today: no time zone's local date is more than one day ahead of UTC's.
    /// A later date is a typo (9999-12-31), and a ledger row with it would read as "already sent" for years.
    /// </summary>
    public static DateOnly Latest(TimeProvider time) => Today(time).AddDays(1);
}
