using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace DigestMailer.Email;

/// <summary>
/// Who the mail is from. Bound from the Digest section, where Digest:From has always been; the digest's own settings
/// stay in DigestOptions.
/// </summary>
public sealed class SenderOptions : IValidatableObject
{
    public const string Section = "Digest";

    /// <summary>From address of the digests, and of all mail unless <see cref="AccountFrom"/> is set.</summary>
    [Required]
    public string From { get; set; } = "DigestMailer <digest@localhost>";

    /// <summary>From address of confirmations and preferences links; none: <see cref="From"/>.</summary>
    public string? AccountFrom { get; set; }

    public MailboxAddress FromAddress => MailboxAddress.Parse(From);

    public MailboxAddress AccountFromAddress => MailboxAddress.Parse(string.IsNullOrWhiteSpace(AccountFrom) ? From : AccountFrom);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsMailbox(From))
        {
            yield return new ValidationResult($"Digest:From must be a mail address such as 'DigestMailer <digest@example.org>', not '{From}'.", [nameof(From)]);
        }

        if (!string.IsNullOrWhiteSpace(AccountFrom) && !IsMailbox(AccountFrom))
        {
            yield return new ValidationResult(
                $"Digest:AccountFrom must be a mail address such as 'DigestMailer <account@example.org>', not '{AccountFrom}'.", [nameof(AccountFrom)]);
        }
    }

    static bool IsMailbox(string value) => MailboxAddress.TryParse(value, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal);
}
