using Cronos;

namespace DigestMailer.Jobs;

/// <summary>Checks cron expressions with Cronos, the parser Hangfire itself embeds, so what passes here Hangfire accepts.</summary>
public static class CronSchedule
{
    public static bool IsValid(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return false;
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }
}
