using System.ComponentModel.DataAnnotations;

namespace DigestMailer.Email;

public enum SmtpSecurity
{
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Smtp";

    /// <summary>SMTP relay; when empty, mail is written as .eml files to <see cref="PickupDirectory"/>.</summary>
    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = "Smtp:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 25;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    [Required]
    public string PickupDirectory { get; set; } = "data/outbox";

    /// <summary>File to write the SMTP conversation to (passwords redacted); empty for none.</summary>
    public string? ProtocolLog { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Smtp:Timeout must be between 1 second and 10 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Fully qualified name this host greets the relay with (EHLO). None: MailKit's machine name, often a bare
    /// "vm" or "web-1", which receiving servers score as spam on a direct send.
    /// </summary>
    public string? LocalDomain { get; set; }

    /// <summary>
    /// Lets a relay be used with an http:// App:BaseUrl or a From on localhost: for a local test relay such as
    /// smtp4dev, never for mail that leaves the machine.
    /// </summary>
    public bool AllowInsecureLocalSetup { get; set; }

    /// <summary>Messages per second this process sends over SMTP at most; none: as fast as the relay takes them.</summary>
    [Range(0.01, 100_000.0, ErrorMessage = "Smtp:MaxMessagesPerSecond must be between 0.01 and 100000.")]
    public double? MaxMessagesPerSecond { get; set; }

    /// <summary>
    /// Digest send batches this process runs at once at most, each over one SMTP connection (account mail has one
    /// more of its own); none: one per running batch, up to Jobs:WorkerCount.
    /// </summary>
    [Range(1, 64, ErrorMessage = "Smtp:Connections must be between 1 and 64.")]
    public int? Connections { get; set; }

    public bool UsePickupDirectory => string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(LocalDomain)
            && !(Uri.CheckHostName(LocalDomain) is UriHostNameType.IPv4 or UriHostNameType.IPv6
                || (Uri.CheckHostName(LocalDomain) == UriHostNameType.Dns && LocalDomain.Trim('.').Contains('.', StringComparison.Ordinal))))
        {
            yield return new ValidationResult(
                $"Smtp:LocalDomain must be a fully qualified host name such as 'mail.example.org', not '{LocalDomain}'.", [nameof(LocalDomain)]);
        }
    }
}
