using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DigestMailer.Data;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DigestMailer.Email;

public enum ReturnPathKind
{
    /// <summary>A digest (the id is the ledger row's).</summary>
    Digest,

    /// <summary>Account mail (the id is the subscriber's).</summary>
    Subscriber,
}

public sealed record ReturnPathToken(ReturnPathKind Kind, long Id);

/// <summary>
/// VERP envelope senders: <c>bounces+d42-5f0c9a1e7b3d2c4a@example.org</c> for digest 42. A bounce goes back to the
/// envelope sender, so its recipient says which message bounced even when the report itself is mangled or names a
/// forwarding address. The tag is signed: a forged report to a made-up tag cannot suppress anyone. Lower-case hex
/// only, because some mail servers change the case of local parts.
/// </summary>
public sealed class ReturnPaths(SigningKey key, IOptions<ReturnPathOptions> options)
{
    readonly MailboxAddress? bounces = options.Value.ParsedAddress;

    /// <summary>The envelope sender for a message; null without Bounces:Address (the From address is used).</summary>
    public MailboxAddress? For(ReturnPathKind kind, long id) =>
        bounces is null ? null : new MailboxAddress("", $"{bounces.LocalPart}+{Tag(kind, id)}@{bounces.Domain}");

    /// <summary>The tag alone, also sent as the DSN envelope id (ENVID) where the relay supports DSN.</summary>
    public string Tag(ReturnPathKind kind, long id)
    {
        var payload = string.Create(CultureInfo.InvariantCulture, $"{Code(kind)}{id}");
        return payload + "-" + Sign(payload);
    }

    /// <summary>Reads a tag out of an address (<c>local+tag@domain</c>) or a bare tag; false for anything not signed by us.</summary>
    public bool TryRead(string? addressOrTag, out ReturnPathToken token)
    {
        token = new ReturnPathToken(ReturnPathKind.Digest, 0);
        if (string.IsNullOrEmpty(addressOrTag) || addressOrTag.Length > 320)
        {
            return false;
        }

        var tag = addressOrTag.Trim().Trim('<', '>');
        var at = tag.LastIndexOf('@');
        if (at >= 0)
        {
            tag = tag[..at];
            var plus = tag.LastIndexOf('+');
            if (plus < 0)
            {
                return false;
            }

            tag = tag[(plus + 1)..];
        }

        tag = tag.ToLowerInvariant();
        var dash = tag.LastIndexOf('-');
        if (dash < 2)
        {
            return false;
        }

        var payload = tag[..dash];
        var kind = payload[0] switch { 'd' => ReturnPathKind.Digest, 's' => ReturnPathKind.Subscriber, _ => (ReturnPathKind?)null };
        if (kind is null || !long.TryParse(payload.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(payload)), Encoding.ASCII.GetBytes(tag[(dash + 1)..])))
        {
            return false;
        }

        token = new ReturnPathToken(kind.Value, id);
        return true;
    }

    // 64 bits of HMAC: enough that guessing a tag for a given message is hopeless, short enough for a 64-octet local part.
    string Sign(string payload) => Convert.ToHexStringLower(HMACSHA256.HashData(key.Bytes, Encoding.ASCII.GetBytes(payload)), 0, 8);

    static char Code(ReturnPathKind kind) => kind == ReturnPathKind.Digest ? 'd' : 's';
}
