using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace DigestMailer.Subscriptions;

/// <summary>
/// A subscriber's address, parsed strictly and kept as given, with the key it is stored under (<see cref="Key"/>:
/// the domain lower-cased; the local part is case-sensitive by RFC 5321) and the key its mail is limited by.
/// </summary>
public sealed partial record EmailAddress(string Address, string Key)
{
    public const int MaxLength = 254;
    public const int MaxLocalPartLength = 64;

    static readonly ParserOptions StrictParser = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false,
        Rfc2047ComplianceMode = RfcComplianceMode.Strict,
    };

    // STD3 rules: a domain label is letters, digits and hyphens once in ASCII form, so *, ^ and a bidi override
    // are refused, and Unicode and punycode (xn--) forms of one domain come out the same.
    static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    /// <summary>
    /// The whole address lower-cased, with its domain in ASCII form: the same for every spelling of one mailbox. Mail
    /// limits go by it, since nearly every mail system delivers <c>Ada@</c> and <c>ada@</c> to the same person.
    /// </summary>
    public string LimitKey
    {
        get
        {
            var at = Key.LastIndexOf('@');
            return (Key[..at] + "@" + Idn.GetAscii(Key[(at + 1)..])).ToLowerInvariant();
        }
    }

    public static bool TryParse(string? input, out EmailAddress? address, out string error)
    {
        address = null;
        error = Problem(input, out var mailbox) ?? "";
        if (error.Length > 0)
        {
            return false;
        }

        address = new EmailAddress(input!.Trim(' '), mailbox!.LocalPart + "@" + mailbox.Domain.ToLowerInvariant());
        return true;
    }

    static string? Problem(string? input, out MailboxAddress? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            return "An email address is required.";
        }

        // Checked before parsing: a line break in an address is a header-injection attempt, not a typo.
        if (input.Any(char.IsControl))
        {
            return "The email address must not contain line breaks or control characters.";
        }

        // Spaces around an address are a typing slip; any other blank or invisible character, even at an end, is not.
        if (input.EnumerateRunes().Any(r => r.Value != ' ' && (Rune.IsWhiteSpace(r) || InvisibleText.IsInvisible(r))))
        {
            return "The email address must not contain spaces or invisible characters (such as a zero-width space or a direction mark).";
        }

        var trimmed = input.Trim(' ');
        if (trimmed.Length > MaxLength)
        {
            return $"The email address must be at most {MaxLength} characters.";
        }

        if (!MailboxAddress.TryParse(StrictParser, trimmed, out mailbox)
            || !string.IsNullOrEmpty(mailbox.Name)
            || mailbox.Route.Count > 0
            || !(trimmed == mailbox.GetAddress(idnEncode: false) || trimmed == mailbox.GetAddress(idnEncode: true))
            || string.IsNullOrEmpty(mailbox.LocalPart))
        {
            return "Enter a plain email address such as name@example.org.";
        }

        if (Encoding.UTF8.GetByteCount(mailbox.LocalPart) > MaxLocalPartLength)
        {
            return $"The part before the @ must be at most {MaxLocalPartLength} characters.";
        }

        // Legal in RFC 5322, but a local part starting with '-' reads as an option to the mail tools it passes through.
        if (mailbox.LocalPart.StartsWith('-'))
        {
            return "The part before the @ must not start with '-'.";
        }

        // Legal too, but some relays still route user%other.example@relay on to other.example (the "percent hack").
        if (mailbox.LocalPart.Contains('%', StringComparison.Ordinal))
        {
            return "The part before the @ must not contain '%'.";
        }

        return IsHostName(mailbox.Domain) ? null : "The part after the @ must be a domain name such as example.org.";
    }

    /// <summary>A public host name, in Unicode or ASCII (punycode) form: dotted labels of letters, digits and inner hyphens.</summary>
    static bool IsHostName(string domain)
    {
        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return false;
        }

        var labels = ascii.Split('.');
        return ascii.Length <= 253 && labels.Length >= 2 && labels.All(l => HostLabel().IsMatch(l)) && !labels[^1].All(char.IsAsciiDigit);
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostLabel();
}
