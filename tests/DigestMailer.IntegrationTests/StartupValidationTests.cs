using DigestMailer.IntegrationTests.Infrastructure;

namespace DigestMailer.IntegrationTests;

/// <summary>A bad setting, nested ones included, stops the service at start-up with a message naming the key.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Sources:Arxiv:PageSize", "0")]
    [InlineData("Sources:Arxiv:MaxResults", "0")]
    [InlineData("Sources:Arxiv:RequestInterval", "-00:00:01")]
    [InlineData("Sources:Arxiv:FirstRunLookback", "00:00:00")]
    [InlineData("Sources:HuggingFace:MaxCatchUpDays", "0")]
    [InlineData("Sources:Schedule", "every hour")]
    [InlineData("Digest:Schedule", "0 25 * * *")]
    [InlineData("Digest:MaxPapers", "0")]
    [InlineData("Digest:TrendingPapers", "0")]
    [InlineData("Digest:TrendingPapers", "51")]
    [InlineData("Jobs:WorkerCount", "0")]
    public async Task ABadSettingStopsStartUpNamingItsKey(string key, string value)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => DigestMailerApp.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, Messages(failure), StringComparison.Ordinal);
    }

    static string Messages(Exception exception) =>
        exception.InnerException is { } inner ? exception.Message + " | " + Messages(inner) : exception.Message;
}
