using System.ComponentModel.DataAnnotations;
using DigestMailer.Jobs;

namespace DigestMailer.Digests;

/// <summary>
/// The Digest section. Two of its keys are owned by the folders whose pages use them too: Digest:TrendingPapers by
/// Papers (<see cref="Papers.TrendingOptions"/>), Digest:UpvoteWeight by Topics (<see cref="Topics.RankingOptions"/>).
/// </summary>
public sealed class DigestOptions : IValidatableObject
{
    public const string Section = "Digest";

    /// <summary>
    /// Cron expression (UTC) of the planning run. Hourly: each run picks the subscribers whose own local send hour
    /// has come.
    /// </summary>
    [Required]
    public string Schedule { get; set; } = "0 * * * *";

    /// <summary>How late a digest may still go out when its send hour was missed (service down).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "2.00:00:00", ErrorMessage = "Digest:CatchUpWindow must be between 1 hour and 2 days.")]
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromHours(23);

    [Range(1, 100, ErrorMessage = "Digest:MaxPapers must be between 1 and 100.")]
    public int MaxPapers { get; set; } = 20;

    /// <summary>How far back a subscriber's first digest looks into what was ingested.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00", ErrorMessage = "Digest:FirstDigestLookback must be between 1 hour and 30 days.")]
    public TimeSpan FirstDigestLookback { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Digests sent by one send-batch job over one SMTP connection.</summary>
    [Range(1, 5000, ErrorMessage = "Digest:BatchSize must be between 1 and 5000.")]
    public int BatchSize { get; set; } = 200;

    /// <summary>A digest left 'sending' this long is taken to be orphaned by a crashed process and is sent again.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Digest:StaleSendingAfter must be between 10 seconds and 1 day.")]
    public TimeSpan StaleSendingAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts after a temporary (4xx) SMTP refusal before a digest is marked failed.</summary>
    [Range(1, 50, ErrorMessage = "Digest:MaxAttempts must be between 1 and 50.")]
    public int MaxAttempts { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!CronSchedule.IsValid(Schedule))
        {
            yield return new ValidationResult($"Digest:Schedule must be a cron expression such as '0 * * * *', not '{Schedule}'.", [nameof(Schedule)]);
        }
    }
}
