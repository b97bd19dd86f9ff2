using System.Net;
using Microsoft.Extensions.Options;

namespace DigestMailer.Email;

/// <summary>
/// With a real relay, mail leaves the machine: its links must be https and its From on a domain the recipient's
/// server can check (SPF, DKIM, DMARC) and reply to. Smtp:AllowInsecureLocalSetup lets a local test relay through.
/// </summary>
public sealed class RelaySetupCheck(IOptions<AppOptions> app, IOptions<SenderOptions> sender) : IValidateOptions<SmtpOptions>
{
    const string Remedy = "or set Smtp:AllowInsecureLocalSetup=true for a local test relay such as smtp4dev";

    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        if (options.UsePickupDirectory || options.AllowInsecureLocalSetup)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (app.Value.BaseUri.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"App:BaseUrl is '{app.Value.BaseUrl}' while Smtp:Host is set: links in mail must be https. Set an https App:BaseUrl, {Remedy}.");
        }

        foreach (var (key, address) in new[] { ("Digest:From", sender.Value.From), ("Digest:AccountFrom", sender.Value.AccountFrom) })
        {
            if (!string.IsNullOrWhiteSpace(address) && IsLocal(MimeKit.MailboxAddress.Parse(address).Domain))
            {
                failures.Add($"{key} is '{address}' while Smtp:Host is set: a receiving server cannot check or answer a sender on a local domain. Use an address on your own domain, {Remedy}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>localhost, a name without a dot, or an address literal: nothing a mailbox provider can look up in DNS.</summary>
    internal static bool IsLocal(string domain)
    {
        var name = domain.Trim().TrimEnd('.');
        return !name.Contains('.', StringComparison.Ordinal)
            || name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith('[')
            || IPAddress.TryParse(name, out _);
    }
}
