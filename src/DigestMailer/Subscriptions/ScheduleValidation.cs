
namespace DigestMailer.Subscriptions;

/// <summary>The send-time fields of the sign-up and preferences forms and API: each may be left out for its default.</summary>
public static class ScheduleValidation
{
    public const int MaxPapersLimit = 50;

    public static SendSchedule Validate(string? frequency, string? weekday, int? sendHour, string? timeZone, Dictionary<string, string[]> errors)
    {
        var defaults = SendSchedule.Default;
        var chosenFrequency = string.IsNullOrWhiteSpace(frequency) ? defaults.Frequency : frequency.Trim().ToLowerInvariant();
        if (chosenFrequency is not (Frequency.Daily or Frequency.Weekly))
        {
            errors["frequency"] = ["Choose daily or weekly."];
        }

        var chosenWeekday = defaults.Weekday;
        if (!string.IsNullOrWhiteSpace(weekday) && (!Enum.TryParse(weekday.Trim(), ignoreCase: true, out chosenWeekday)
            || !Enum.IsDefined(chosenWeekday) || int.TryParse(weekday, out _) || weekday.Contains(',', StringComparison.Ordinal)))
        {
            errors["weekday"] = ["Choose a day of the week, such as monday."];
        }

        if (sendHour is < 0 or > 23)
        {
            errors["sendHour"] = ["The send hour is a whole hour from 0 to 23."];
        }

        var chosenZone = string.IsNullOrWhiteSpace(timeZone) ? defaults.TimeZone : timeZone.Trim();
        if (!SendSchedule.IsKnownTimeZone(chosenZone))
        {
            errors["timeZone"] = ["Choose a time zone such as Europe/Berlin or America/New_York."];
        }

        return new SendSchedule(chosenFrequency, chosenWeekday, sendHour ?? defaults.SendHour, chosenZone);
    }

    public static int? ValidateMaxPapers(string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text, out var value) || value is < 1 or > MaxPapersLimit)
        {
            errors["maxPapers"] = [$"Papers per mail is a number from 1 to {MaxPapersLimit}."];
            return null;
        }

        return value;
    }
}
