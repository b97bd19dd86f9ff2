using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DigestMailer.Email;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace DigestMailer.Testing;

/// <summary>
/// A fresh RSA key in a PEM file, the settings that make the service sign with it, and a DkimVerifier that looks the
/// public key up in the TXT record the service's own dkim-record command prints, as a receiving server would in DNS.
/// </summary>
public sealed partial class DkimTestKey : IDisposable
{
    public const string Domain = "example.org";
    public const string Selector = "test2026";

    DkimTestKey(string path) => PrivateKeyPath = path;

    public string PrivateKeyPath { get; }

    public Dictionary<string, string?> Settings => new()
    {
        ["Dkim:Domain"] = Domain,
        ["Dkim:Selector"] = Selector,
        ["Dkim:PrivateKeyPath"] = PrivateKeyPath,
    };

    /// <summary>The record as an operator would publish it.</summary>
    public string Record => DkimRecordCommand.Record(Domain, Selector, DkimKey.Load(PrivateKeyPath));

    public static DkimTestKey Create(int bits = 2048)
    {
        var path = Path.Combine(Path.GetTempPath(), "digestmailer-tests", $"dkim-{Guid.NewGuid():N}.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var rsa = RSA.Create(bits);
        // PKCS#8 ("BEGIN PRIVATE KEY"), what `openssl genrsa` writes since OpenSSL 3.
        File.WriteAllText(path, rsa.ExportPkcs8PrivateKeyPem());
        return new DkimTestKey(path);
    }

    /// <summary>Whether the message's DKIM-Signature verifies against the published record; false when it has none.</summary>
    public async Task<bool> VerifyAsync(MimeMessage message)
    {
        var index = message.Headers.IndexOf(HeaderId.DkimSignature);
        if (index < 0)
        {
            return false;
        }

        var verifier = new DkimVerifier(new RecordLocator(Record));
        return await verifier.VerifyAsync(message, message.Headers[index]);
    }

    /// <summary>The header names the signature covers (h=), lower case.</summary>
    public static IReadOnlyList<string> SignedHeaders(MimeMessage message)
    {
        var signature = message.Headers[HeaderId.DkimSignature] ?? "";
        var match = SignedHeaderList().Match(signature);
        return match.Success ? match.Groups[1].Value.Split(':').Select(h => h.Trim().ToLowerInvariant()).ToList() : [];
    }

    public void Dispose() => File.Delete(PrivateKeyPath);

    [GeneratedRegex(@"(?:^|;)\s*h=([^;]+)")]
    private static partial Regex SignedHeaderList();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex QuotedString();

    sealed class RecordLocator(string record) : DkimPublicKeyLocatorBase
    {
        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default)
        {
            // Nothing but the one published name answers, as in DNS.
            if (!record.StartsWith($"{selector}._domainkey.{domain}. ", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"No DKIM record at {selector}._domainkey.{domain}.");
            }

            return GetPublicKey(string.Concat(QuotedString().Matches(record).Select(m => m.Groups[1].Value)));
        }

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }
}
