using DigestMailer.Admin;

namespace DigestMailer.Tests.Admin;

public sealed class ApiKeyAuthenticationHandlerTests
{
    [Theory]
    [InlineData("correct horse battery staple", true)]
    [InlineData("correct horse battery stapl", false)]
    [InlineData("correct horse battery staplE", false)]
    [InlineData("correct horse battery staple ", false)]
    [InlineData("Correct horse battery staple", false)]
    [InlineData("", false)]
    [InlineData("correct horse battery staple correct horse battery staple", false)]
    public void KeysMatch_IsTrueOnlyForTheExactKey(string presented, bool expected)
    {
        Assert.Equal(expected, ApiKeyAuthenticationHandler.KeysMatch(presented, "correct horse battery staple"));
    }
}
