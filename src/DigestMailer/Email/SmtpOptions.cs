using System.ComponentModel.DataAnnotations;

namespace DigestMailer.Email;

public enum SmtpSecurity
{
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

public sealed class SmtpOptions
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

    public bool UsePickupDirectory => string.IsNullOrWhiteSpace(Host);
}
