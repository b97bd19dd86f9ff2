using DigestMailer.Data;
using DigestMailer.Subscriptions;
using Microsoft.Extensions.Time.Testing;

namespace DigestMailer.Tests.Subscriptions;

public sealed class LinkTokensTests
{
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero));
    readonly LinkTokens tokens;

    public LinkTokensTests() => tokens = new LinkTokens(new SigningKey(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()), clock);

    [Fact]
    public void Check_ReturnsTheSubscriber_ForATokenItMade()
    {
        var check = tokens.Check(tokens.Create(LinkPurpose.Unsubscribe, 42), LinkPurpose.Unsubscribe);

        Assert.Equal((LinkTokenStatus.Valid, 42L), (check.Status, check.SubscriberId));
    }

    [Fact]
    public void Check_IsInvalid_WhenTheSubscriberIdIsChanged()
    {
        var token = tokens.Create(LinkPurpose.Unsubscribe, 42).Replace("u.42.", "u.43.", StringComparison.Ordinal);

        Assert.Equal(LinkTokenStatus.Invalid, tokens.Check(token, LinkPurpose.Unsubscribe).Status);
    }

    [Fact]
    public void Check_IsInvalid_ForATokenMadeForAnotherPurpose()
    {
        var preferences = tokens.Create(LinkPurpose.Preferences, 42);

        Assert.Equal(LinkTokenStatus.Invalid, tokens.Check(preferences, LinkPurpose.Unsubscribe).Status);
    }

    [Fact]
    public void Check_IsInvalid_ForATokenSignedWithAnotherKey()
    {
        var other = new LinkTokens(new SigningKey(new byte[32]), clock);

        Assert.Equal(LinkTokenStatus.Invalid, tokens.Check(other.Create(LinkPurpose.Unsubscribe, 42), LinkPurpose.Unsubscribe).Status);
    }

    [Fact]
    public void Check_AcceptsATokenSignedWithARetiredKey_AfterARotation()
    {
        var rotated = new LinkTokens(new SigningKey(new byte[32], [Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()]), clock);

        Assert.Equal(LinkTokenStatus.Valid, rotated.Check(tokens.Create(LinkPurpose.Unsubscribe, 42), LinkPurpose.Unsubscribe).Status);
    }

    [Fact]
    public void Create_SignsWithTheCurrentKeyOnly_AfterARotation()
    {
        var rotated = new LinkTokens(new SigningKey(new byte[32], [Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()]), clock);
        var onlyTheNewKey = new LinkTokens(new SigningKey(new byte[32]), clock);

        Assert.Equal(LinkTokenStatus.Valid, onlyTheNewKey.Check(rotated.Create(LinkPurpose.Unsubscribe, 42), LinkPurpose.Unsubscribe).Status);
        Assert.Equal(LinkTokenStatus.Invalid, tokens.Check(rotated.Create(LinkPurpose.Unsubscribe, 42), LinkPurpose.Unsubscribe).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("u.42.1.")]
    [InlineData("u.-1.1.AAAA")]
    public void Check_IsInvalid_ForMalformedTokens(string? token)
    {
        Assert.Equal(LinkTokenStatus.Invalid, tokens.Check(token, LinkPurpose.Unsubscribe).Status);
    }

    [Fact]
    public void Check_ConfirmTokenExpires_AfterSevenDays()
    {
        var token = tokens.Create(LinkPurpose.Confirm, 42);
        clock.Advance(TimeSpan.FromDays(7));
        var lastDay = tokens.Check(token, LinkPurpose.Confirm).Status;
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal((LinkTokenStatus.Valid, LinkTokenStatus.Expired), (lastDay, tokens.Check(token, LinkPurpose.Confirm).Status));
    }

    [Fact]
    public void Check_UnsubscribeTokenNeverExpires()
    {
        var token = tokens.Create(LinkPurpose.Unsubscribe, 42);
        clock.Advance(TimeSpan.FromDays(3650));

        Assert.Equal(LinkTokenStatus.Valid, tokens.Check(token, LinkPurpose.Unsubscribe).Status);
    }

    [Theory]
    [InlineData(LinkPurpose.Confirm, long.MaxValue)]
    [InlineData(LinkPurpose.Unsubscribe, 253_402_300_800_000)]
    [InlineData(LinkPurpose.Preferences, 9_999_999_999_999_999)]
    public void Check_IsInvalid_ForASignedTokenIssuedBeyondTheCalendar(LinkPurpose purpose, long issuedMilliseconds)
    {
        var token = tokens.CreateIssuedAt(purpose, 42, issuedMilliseconds);

        Assert.Equal(LinkTokenStatus.Invalid, tokens.Check(token, purpose).Status);
    }

    [Fact]
    public void Check_IsInvalid_ForASignedTokenIssuedInTheFuture()
    {
        var tomorrow = clock.GetUtcNow().AddDays(1).ToUnixTimeMilliseconds();

        Assert.Equal(LinkTokenStatus.Invalid, tokens.Check(tokens.CreateIssuedAt(LinkPurpose.Confirm, 42, tomorrow), LinkPurpose.Confirm).Status);
    }

    [Fact]
    public void Check_AcceptsATokenFromAClockAMinuteAhead()
    {
        var aMinuteAhead = clock.GetUtcNow().AddMinutes(1).ToUnixTimeMilliseconds();

        Assert.Equal(LinkTokenStatus.Valid, tokens.Check(tokens.CreateIssuedAt(LinkPurpose.Confirm, 42, aMinuteAhead), LinkPurpose.Confirm).Status);
    }
}
