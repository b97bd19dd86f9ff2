using DigestMailer.Data;
using DigestMailer.Email;
using Microsoft.Extensions.Options;

namespace DigestMailer.Tests.Email;

public sealed class ReturnPathsTests
{
    static readonly SigningKey Key = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    static ReturnPaths With(string? address) => new(Key, Options.Create(new ReturnPathOptions { Address = address }));

    [Fact]
    public void For_GivesEachDigestItsOwnSignedEnvelopeSender_ThatReadsBack()
    {
        var paths = With("bounces@example.org");

        var address = paths.For(ReturnPathKind.Digest, 42)!.Address;

        Assert.Matches("^bounces\\+d42-[0-9a-f]{16}@example\\.org$", address);
        Assert.True(paths.TryRead(address, out var token));
        Assert.Equal(new ReturnPathToken(ReturnPathKind.Digest, 42), token);
        Assert.True(paths.TryRead(address.ToUpperInvariant(), out _), "a server that upper-cases local parts must not break the tag");
        Assert.True(paths.TryRead(paths.Tag(ReturnPathKind.Subscriber, 7), out var bare));
        Assert.Equal(new ReturnPathToken(ReturnPathKind.Subscriber, 7), bare);
    }

    [Fact]
    public void For_LeavesTheEnvelopeSenderToFrom_WithoutABounceAddress() =>
        Assert.Null(With(null).For(ReturnPathKind.Digest, 42));

    [Theory]
    [InlineData("bounces+d43-{mac}@example.org")]
    [InlineData("bounces@example.org")]
    [InlineData("bounces+d42@example.org")]
    [InlineData("bounces+x42-{mac}@example.org")]
    [InlineData("")]
    public void TryRead_RefusesATagItDidNotSign(string forged)
    {
        var paths = With("bounces@example.org");
        var mac = paths.Tag(ReturnPathKind.Digest, 42).Split('-')[1];

        Assert.False(paths.TryRead(forged.Replace("{mac}", mac, StringComparison.Ordinal), out _));
    }
}
