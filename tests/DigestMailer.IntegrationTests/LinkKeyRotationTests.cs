using System.Net;
using DigestMailer.Data;
using DigestMailer.IntegrationTests.Infrastructure;
using DigestMailer.Subscriptions;
using Microsoft.Extensions.Configuration;

namespace DigestMailer.IntegrationTests;

/// <summary>The key the links in mail are signed with can be rotated without breaking a link in an old mail.</summary>
public sealed class LinkKeyRotationTests : AppTest
{
    [Fact]
    public async Task AnOldMailsUnsubscribeLinkStillWorksAfterTheKeyIsRotated()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        await App.RunDigestAsync("2026-11-25");
        var oldLink = AppScenarios.PathAndQuery(AppScenarios.LinkIn((await App.Inbox.WaitForAsync("ada@example.org", 2))[1], "/unsubscribe"));

        Assert.True(RotateLinkKeyCommand.TryRun([RotateLinkKeyCommand.Name], Configuration()));
        App = await App.RestartAsync();
        var page = await App.CreateClient().GetAsync(oldLink);
        var newToken = App.Service<LinkTokens>().Create(LinkPurpose.Unsubscribe, 1);
        var firstKey = (await App.QuerySqlAsync<byte[]>("SELECT key FROM signing_keys WHERE name = 'link-tokens'")).Single();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Unsubscribe", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // New links are signed with the new key: the first key alone does not accept them.
        Assert.Equal(LinkTokenStatus.Invalid, new LinkTokens(new SigningKey(firstKey), App.Clock).Check(newToken, LinkPurpose.Unsubscribe).Status);
    }

    IConfiguration Configuration() => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:DigestMailer"] = TestStorage.ConnectionStrings(App.DataDirectory).Application,
        })
        .Build();

}
