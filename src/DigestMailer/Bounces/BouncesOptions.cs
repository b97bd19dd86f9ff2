using System.ComponentModel.DataAnnotations;
using DigestMailer.Digests;
using DigestMailer.Email;
using DigestMailer.Jobs;
using Microsoft.Extensions.Options;

namespace DigestMailer.Bounces;

/// <summary>What bounce and complaint reports do, and where they are read from (Bounces:Address is <see cref="ReturnPathOptions"/>).</summary>
public sealed class BouncesOptions
{
    public const string Section = "Bounces";

    /// <summary>Soft bounces (4.x.x, delays, a full mailbox) within <see cref="SoftBounceWindow"/> that suppress an address.</summary>
    [Range(1, 100, ErrorMessage = "Bounces:SoftBounceLimit must be between 1 and 100.")]
    public int SoftBounceLimit { get; set; } = 3;

    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00", ErrorMessage = "Bounces:SoftBounceWindow must be between 1 and 365 days.")]
    public TimeSpan SoftBounceWindow { get; set; } = TimeSpan.FromDays(30);

    [ValidateObjectMembers]
    public BounceMailboxOptions Imap { get; set; } = new();
}

/// <summary>The IMAP mailbox the bounce reports arrive in; off without a host.</summary>
public sealed class BounceMailboxOptions : IValidatableObject
{
    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = "Bounces:Imap:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 993;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    [Required(ErrorMessage = "Bounces:Imap:Folder must name a folder, such as INBOX.")]
    public string Folder { get; set; } = "INBOX";

    /// <summary>Where read reports are moved; none: they stay in <see cref="Folder"/>, flagged \Seen.</summary>
    public string? ProcessedFolder { get; set; }

    /// <summary>Cron (UTC) of the job that reads the mailbox.</summary>
    [Required]
    public string Schedule { get; set; } = "*/5 * * * *";

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Bounces:Imap:Timeout must be between 1 second and 10 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!CronSchedule.IsValid(Schedule))
        {
            yield return new ValidationResult($"Bounces:Imap:Schedule must be a cron expression such as '*/5 * * * *', not '{Schedule}'.", [nameof(Schedule)]);
        }

        if (Enabled && string.IsNullOrEmpty(Username))
        {
            yield return new ValidationResult("Bounces:Imap:Username is required when Bounces:Imap:Host is set.", [nameof(Username)]);
        }
    }
}
