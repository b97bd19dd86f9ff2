using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DigestMailer.Data;
using Microsoft.AspNetCore.WebUtilities;

namespace DigestMailer.Subscriptions;

public enum LinkPurpose
{
    Confirm,
    Unsubscribe,
    Preferences,
}

public enum LinkTokenStatus
{
    Valid,
    Invalid,
    Expired,
}

public sealed record LinkTokenCheck(LinkTokenStatus Status, long SubscriberId, DateTimeOffset IssuedAt);

/// <summary>
/// Signed tokens for the links in mail: <c>{purpose}.{subscriber}.{issued ms}.{hmac}</c>. Confirm links expire;
/// unsubscribe and preferences links do not, because an old mail's link must still work.
/// </summary>
public sealed class LinkTokens(SigningKey key, TimeProvider time)
{
    public static readonly TimeSpan ConfirmLifetime = TimeSpan.FromDays(7);

    public string Create(LinkPurpose purpose, long subscriberId)
    {
        var payload = string.Create(CultureInfo.InvariantCulture, $"{Code(purpose)}.{subscriberId}.{time.GetUtcNow().ToUnixTimeMilliseconds()}");
        return payload + "." + Sign(payload);
    }

    public LinkTokenCheck Check(string? token, LinkPurpose purpose)
    {
        var invalid = new LinkTokenCheck(LinkTokenStatus.Invalid, 0, default);
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return invalid;
        }

        var lastDot = token.LastIndexOf('.');
        if (lastDot < 0)
        {
            return invalid;
        }

        var payload = token[..lastDot];
        var expected = Encoding.ASCII.GetBytes(Sign(payload));
        var actual = Encoding.ASCII.GetBytes(token[(lastDot + 1)..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return invalid;
        }

        var parts = payload.Split('.');
        if (parts.Length != 3 || parts[0] != Code(purpose)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var subscriberId)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var issuedMilliseconds))
        {
            return invalid;
        }

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(issuedMilliseconds);
        var expired = purpose == LinkPurpose.Confirm && time.GetUtcNow() - issued > ConfirmLifetime;
        return new LinkTokenCheck(expired ? LinkTokenStatus.Expired : LinkTokenStatus.Valid, subscriberId, issued);
    }

    string Sign(string payload)
    {
        var mac = HMACSHA256.HashData(key.Bytes, Encoding.UTF8.GetBytes(payload));
        return WebEncoders.Base64UrlEncode(mac, 0, 18);
    }

    static string Code(LinkPurpose purpose) => purpose switch
    {
        LinkPurpose.Confirm => "c",
        LinkPurpose.Unsubscribe => "u",
        _ => "p",
    };
}
