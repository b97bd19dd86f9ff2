using MimeKit;

namespace DigestMailer.Subscriptions;

/// <summary>A subscriber's address, parsed strictly, with the key it is compared by.</summary>
public sealed record EmailAddress(string Address, string Key)
{
    public const int MaxLength = 254;

    static readonly ParserOptions StrictParser = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false,
        Rfc2047ComplianceMode = RfcComplianceMode.Strict,
    };

    public static bool TryParse(string? input, out EmailAddress? address, out string error)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = "An email address is required.";
            return false;
        }

        // Checked before parsing: a line break in an address is a header-injection attempt, not a typo.
        if (input.Any(char.IsControl))
        {
            error = "The email address must not contain line breaks or control characters.";
            return false;
        }

        var trimmed = input.Trim();
        if (trimmed.Length > MaxLength)
        {
            error = $"The email address must be at most {MaxLength} characters.";
            return false;
        }

        if (!MailboxAddress.TryParse(StrictParser, trimmed, out var mailbox)
            || !string.IsNullOrEmpty(mailbox.Name)
            || mailbox.Route.Count > 0
            || !string.Equals(mailbox.Address, trimmed, StringComparison.Ordinal)
            || string.IsNullOrEmpty(mailbox.LocalPart)
            || !mailbox.Domain.Contains('.', StringComparison.Ordinal)
            || mailbox.Domain.StartsWith('[')
            || mailbox.Domain.EndsWith('.'))
        {
            error = "Enter a plain email address such as name@example.org.";
            return false;
        }

        address = new EmailAddress(trimmed, KeyOf(mailbox.LocalPart, mailbox.Domain));
        error = "";
        return true;
    }

    static string KeyOf(string localPart, string domain) =>
        localPart + "@" + domain.ToLowerInvariant();
}
