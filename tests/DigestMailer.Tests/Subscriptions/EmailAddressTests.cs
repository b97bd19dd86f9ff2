using DigestMailer.Subscriptions;

namespace DigestMailer.Tests.Subscriptions;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("ada@example.org")]
    [InlineData("ada.lovelace+digest@mail.example.co.uk")]
    [InlineData("  ada@example.org  ")]
    [InlineData("ada@bücher.example")]
    [InlineData("ada@xn--bcher-kva.example")]
    [InlineData("ada@my-host.example")]
    [InlineData("a-da@example.org")]
    public void TryParse_Accepts_PlainAddresses(string input)
    {
        Assert.True(EmailAddress.TryParse(input, out var address, out var error), error);
        Assert.Equal(input.Trim(), address!.Address);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ada")]
    [InlineData("ada@")]
    [InlineData("@example.org")]
    [InlineData("ada@localhost")]
    [InlineData("ada@example.org.")]
    [InlineData("ada@[127.0.0.1]")]
    [InlineData("ada@127.0.0.1")]
    [InlineData("Ada <ada@example.org>")]
    [InlineData("ada@example.org, bob@example.org")]
    [InlineData("ada@example.org\r\nBcc: victim@example.org")]
    [InlineData("ada@exa\nmple.org")]
    [InlineData("ada example@example.org")]
    public void TryParse_Rejects_AnythingButOnePlainAddress(string? input)
    {
        Assert.False(EmailAddress.TryParse(input, out var address, out var error));
        Assert.Null(address);
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("ada@exa*mple.org")]
    [InlineData("ada@exa^mple.org")]
    [InlineData("ada@exa_mple.org")]
    [InlineData("ada@-example.org")]
    [InlineData("ada@example-.org")]
    [InlineData("ada@example..org")]
    [InlineData("ada@ex{ample.org")]
    [InlineData("ada@xn--.org")]
    public void TryParse_Rejects_DomainsThatAreNotHostNames(string input)
    {
        Assert.False(EmailAddress.TryParse(input, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("ada@exa\u202Emple.org")]
    [InlineData("ada@example.org\u202E")]
    [InlineData("a\u202Eda@example.org")]
    [InlineData("ada\u200B@example.org")]
    [InlineData("ada@exam\u200Bple.org")]
    [InlineData("\u200Bada@example.org")]
    [InlineData("ada\u200D@example.org")]
    [InlineData("ada\u2066@example.org")]
    [InlineData("ada\uFEFF@example.org")]
    [InlineData("ada\u00AD@example.org")]
    [InlineData("ada\u00A0@example.org")]
    [InlineData("ada\u2028@example.org")]
    [InlineData("ada@example.org\u2028")]
    [InlineData("\u00A0ada@example.org")]
    [InlineData("ada@example.org\u3000")]
    [InlineData("ada\u0000@example.org")]
    [InlineData("ada\u007F@example.org")]
    [InlineData("ada\u0085@example.org")]
    [InlineData("ada\uD800@example.org")]
    [InlineData("ada\uE000@example.org")]
    public void TryParse_Rejects_InvisibleBidiAndControlCharactersAnywhere(string input)
    {
        Assert.False(EmailAddress.TryParse(input, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void TryParse_Rejects_ALeadingHyphenInTheLocalPart()
    {
        Assert.False(EmailAddress.TryParse("-ada@example.org", out _, out var error));
        Assert.Contains("'-'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Rejects_APercentRouteInTheLocalPart()
    {
        Assert.False(EmailAddress.TryParse("ada%victim.example@example.org", out _, out var error));
        Assert.Contains("'%'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Rejects_LocalPartsLongerThan64Characters()
    {
        Assert.True(EmailAddress.TryParse(new string('a', 64) + "@example.org", out _, out _));
        Assert.False(EmailAddress.TryParse(new string('a', 65) + "@example.org", out _, out var error));
        Assert.Contains("64", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Rejects_AddressesLongerThan254Characters()
    {
        var longAddress = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".org";

        Assert.False(EmailAddress.TryParse(longAddress, out _, out var error));
        Assert.Contains("254", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Accepts_An254CharacterAddress()
    {
        var address = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 61), 3)) + ".org";

        Assert.Equal(254, address.Length);
        Assert.True(EmailAddress.TryParse(address, out _, out var error), error);
    }

    [Fact]
    public void Key_LowerCasesTheDomainOnly()
    {
        Assert.True(EmailAddress.TryParse("Ada@Example.ORG", out var address, out _));

        Assert.Equal("Ada@example.org", address!.Key);
    }

    [Theory]
    [InlineData("Ada@Example.ORG")]
    [InlineData("ADA@example.org")]
    [InlineData("aDa@EXAMPLE.ORG")]
    public void LimitKey_IsTheSameForEveryCaseOfTheAddress(string input)
    {
        Assert.True(EmailAddress.TryParse(input, out var address, out _));

        Assert.Equal("ada@example.org", address!.LimitKey);
    }

    [Fact]
    public void LimitKey_IsTheSameForTheUnicodeAndPunycodeFormsOfADomain()
    {
        Assert.True(EmailAddress.TryParse("ada@Bücher.example", out var unicode, out _));
        Assert.True(EmailAddress.TryParse("ada@xn--bcher-kva.example", out var punycode, out _));

        Assert.Equal(("ada@xn--bcher-kva.example", "ada@xn--bcher-kva.example"), (unicode!.LimitKey, punycode!.LimitKey));
    }

    [Fact]
    public void Key_IsTheSameForTheUnicodeAndPunycodeFormsOfADomain()
    {
        Assert.True(EmailAddress.TryParse("ada@xn--bcher-kva.example", out var punycode, out _));
        Assert.True(EmailAddress.TryParse("ada@Bücher.example", out var unicode, out _));

        Assert.Equal(unicode!.Key, punycode!.Key);
        Assert.Equal("ada@xn--bcher-kva.example", punycode.Address);
    }
}
