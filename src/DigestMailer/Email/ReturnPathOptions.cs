using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace DigestMailer.Email;

/// <summary>Bounces:Address, the envelope sender side of bounces; reading them is Bounces/BouncesOptions.</summary>
public sealed class ReturnPathOptions : IValidatableObject
{
    public const string Section = "Bounces";

    /// <summary>
    /// The mailbox bounces go to, such as bounces@example.org. Set: every message leaves with its own envelope sender
    /// (VERP, bounces+d42-…@example.org), so a bounce names the message and subscriber it is about. None: the
    /// envelope sender is the From address.
    /// </summary>
    public string? Address { get; set; }

    public MailboxAddress? ParsedAddress =>
        MailboxAddress.TryParse(Address, out var address) && address.Domain.Length > 0 ? address : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Address) && (ParsedAddress is not { } parsed || parsed.LocalPart.Contains('+', StringComparison.Ordinal)))
        {
            yield return new ValidationResult(
                $"Bounces:Address must be one plain address without '+', such as bounces@example.org, not '{Address}'.", [nameof(Address)]);
        }
    }
}
