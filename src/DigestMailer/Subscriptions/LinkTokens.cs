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

    /// <summary>The subscriber's Atom feed: read-only, given to feed readers, so it opens nothing else.</summary>
    Feed,
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
/// unsubscribe, preferences and feed links do not, because an old mail's link must still work.
/// </summary>
public sealed class LinkTokens(SigningKey key, TimeProvider time)
{
    public static readonly TimeSpan ConfirmLifetime = TimeSpan.FromDays(7);

    // Clocks of the processes of a scale-out differ a little; a link from further ahead was not made by any of them.
    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public string Create(LinkPurpose purpose, long subscriberId) =>
        CreateIssuedAt(purpose, subscriberId, time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>A token with any issue time, signed as ours are: for tests of what a leaked signing key could forge.</summary>
    internal string CreateIssuedAt(LinkPurpose purpose, long subscriberId, long issuedMilliseconds)
    {
        var payload = string.Create(CultureInfo.InvariantCulture, $"{Code(purpose)}.{subscriberId}.{issuedMilliseconds}");
        return payload + "." + Sign(payload, key.Bytes);
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
        var actual = Encoding.ASCII.GetBytes(token[(lastDot + 1)..]);
        // The current key, then the retired ones: a link in an old mail was signed before the last rotation.
        if (!key.All.Any(bytes => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(payload, bytes)), actual)))
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

        // A signature only proves the payload is ours; an issue time no clock of ours could have written (beyond the
        // calendar, or ahead of now) is refused rather than trusted to build a date from.
        var now = time.GetUtcNow();
        if (issuedMilliseconds > (now + ClockSkew).ToUnixTimeMilliseconds())
        {
            return invalid;
        }

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(issuedMilliseconds);
        var expired = purpose == LinkPurpose.Confirm && now - issued > ConfirmLifetime;
        return new LinkTokenCheck(expired ? LinkTokenStatus.Expired : LinkTokenStatus.Valid, subscriberId, issued);
    }

    static string Sign(string payload, byte[] keyBytes)
    {
        var mac = HMACSHA256.HashData(keyBytes, Encoding.UTF8.GetBytes(payload));
        return WebEncoders.Base64UrlEncode(mac, 0, 18);
    }

    static string Code(LinkPurpose purpose) => purpose switch
    {
        LinkPurpose.Confirm => "c",
        LinkPurpose.Unsubscribe => "u",
        LinkPurpose.Feed => "f",
        _ => "p",
    };
}
