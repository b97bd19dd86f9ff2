using System.ComponentModel.DataAnnotations;

namespace DigestMailer.Email;

/// <summary>DKIM signing of every message; off unless all three are set.</summary>
public sealed class DkimOptions : IValidatableObject
{
    public const string Section = "Dkim";

    /// <summary>The signing domain (d=), normally the From address's domain or a parent of it, for DMARC.</summary>
    public string? Domain { get; set; }

    /// <summary>The selector (s=): the key is published at {Selector}._domainkey.{Domain}.</summary>
    public string? Selector { get; set; }

    /// <summary>PEM file of the RSA private key (PKCS#1 or PKCS#8).</summary>
    public string? PrivateKeyPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Domain);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string?[] values = [Domain, Selector, PrivateKeyPath];
        var set = values.Count(v => !string.IsNullOrWhiteSpace(v));
        if (set == 0)
        {
            yield break;
        }

        if (set < values.Length)
        {
            yield return new ValidationResult(
                $"Dkim:Domain, Dkim:Selector and Dkim:PrivateKeyPath are set together or not at all; missing: {string.Join(", ", Missing())}.",
                [nameof(Domain), nameof(Selector), nameof(PrivateKeyPath)]);
            yield break;
        }

        if (Uri.CheckHostName(Domain) != UriHostNameType.Dns || !Domain!.Contains('.', StringComparison.Ordinal))
        {
            yield return new ValidationResult($"Dkim:Domain must be a domain name such as 'example.org', not '{Domain}'.", [nameof(Domain)]);
        }

        if (Uri.CheckHostName(Selector) != UriHostNameType.Dns)
        {
            yield return new ValidationResult($"Dkim:Selector must be a DNS label such as 'dm2026', not '{Selector}'.", [nameof(Selector)]);
        }

        if (DkimKey.Problem(PrivateKeyPath!) is { } problem)
        {
            yield return new ValidationResult($"Dkim:PrivateKeyPath '{PrivateKeyPath}': {problem}", [nameof(PrivateKeyPath)]);
        }
    }

    IEnumerable<string> Missing()
    {
        if (string.IsNullOrWhiteSpace(Domain))
        {
            yield return "Dkim:Domain";
        }

        if (string.IsNullOrWhiteSpace(Selector))
        {
            yield return "Dkim:Selector";
        }

        if (string.IsNullOrWhiteSpace(PrivateKeyPath))
        {
            yield return "Dkim:PrivateKeyPath";
        }
    }
}
