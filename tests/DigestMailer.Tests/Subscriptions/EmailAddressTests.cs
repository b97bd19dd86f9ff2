using DigestMailer.Subscriptions;

namespace DigestMailer.Tests.Subscriptions;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("ada@example.org")]
    [InlineData("ada.lovelace+digest@mail.example.co.uk")]
    [InlineData("  ada@example.org  ")]
    public void TryParse_Accepts_PlainAddresses(string input)
    {
        Assert.True(EmailAddress.TryParse(input, out var address, out _));
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

    [Fact]
    public void TryParse_Rejects_AddressesLongerThan254Characters()
    {
        var longAddress = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".org";

        Assert.False(EmailAddress.TryParse(longAddress, out _, out var error));
        Assert.Contains("254", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_LowerCasesTheDomainOnly()
    {
        Assert.True(EmailAddress.TryParse("Ada@Example.ORG", out var address, out _));

        Assert.Equal("Ada@example.org", address!.Key);
    }
}
