using System.Net;
using System.Text.RegularExpressions;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>"More like this" and "Less like this" on each paper of a digest: the links, the one-button page, the vote.</summary>
public sealed partial class FeedbackTests : AppTest
{
    const string PaperId = "2511.90001";

    async Task<MimeMessage> DigestAsync()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization of Language Models").WithId(PaperId).WithAbstract("We study quantization."));
        Assert.Equal(1, (await App.RunDigestAsync("2026-11-25")).Sent);
        return (await App.Inbox.WaitForAsync("ada@example.org", 2))[1];
    }

    static string FeedbackLink(MimeMessage digest, string vote) => AppScenarios.PathAndQuery(WebUtility.HtmlDecode(
        FeedbackHref().Matches(digest.HtmlBody!).Select(m => m.Groups[1].Value).First(href => href.Contains("vote=" + vote, StringComparison.Ordinal))));

    Task<List<long>> VotesAsync() => App.QuerySqlAsync<long>("SELECT vote FROM paper_feedback");

    [Fact]
    public async Task EveryPaperOfADigestHasMoreAndLessLinksInBothParts()
    {
        var digest = await DigestAsync();

        Assert.Contains($"&vote=more&paper={PaperId}", FeedbackLink(digest, "more"), StringComparison.Ordinal);
        Assert.Contains($"&vote=less&paper={PaperId}", FeedbackLink(digest, "less"), StringComparison.Ordinal);
        Assert.Matches($@"More like this: http://localhost/feedback\?token=[^&\s]+&vote=more&paper={Regex.Escape(PaperId)}", digest.TextBody);
        Assert.Matches($@"Less like this: http://localhost/feedback\?token=[^&\s]+&vote=less&paper={Regex.Escape(PaperId)}", digest.TextBody);
    }

    [Fact]
    public async Task TheWebViewOfADigestHasTheFeedbackLinks()
    {
        var digest = await DigestAsync();

        var view = await App.CreateClient().GetStringAsync(AppScenarios.PathAndQuery(AppScenarios.LinkIn(digest, "/digests/")));

        Assert.Contains($"&amp;vote=more&amp;paper={PaperId}\"", view, StringComparison.Ordinal);
        Assert.Contains($"&amp;vote=less&amp;paper={PaperId}\"", view, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpeningAFeedbackLinkShowsOneButtonAndChangesNothing()
    {
        var digest = await DigestAsync();

        var response = await App.CreateClient().GetAsync(FeedbackLink(digest, "more"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Low-Bit Quantization of Language Models", html, StringComparison.Ordinal);
        Assert.Single(ButtonOf().Matches(html));
        Assert.Empty(await VotesAsync());
    }

    [Fact]
    public async Task TheButtonRecordsTheVoteAndTheLatestVoteWins()
    {
        var digest = await DigestAsync();
        var browser = App.CreateClient();

        var more = await PressAsync(browser, FeedbackLink(digest, "more"));
        var again = await PressAsync(browser, FeedbackLink(digest, "more"));
        var votesAfterMore = await VotesAsync();
        var less = await PressAsync(browser, FeedbackLink(digest, "less"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (more.StatusCode, again.StatusCode, less.StatusCode));
        Assert.Contains("/preferences?token=", await more.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([1L], votesAfterMore);
        Assert.Equal([-1L], await VotesAsync());
    }

    [Fact]
    public async Task AVotePostedWithoutThePagesAntiforgeryFieldChangesNothing()
    {
        var digest = await DigestAsync();

        var response = await App.CreateClient().PostAsync(FeedbackLink(digest, "more"), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await VotesAsync());
    }

    [Theory]
    [InlineData("vote=maybe", "more or fewer papers like this one")]
    [InlineData("vote=", "more or fewer papers like this one")]
    [InlineData("paper=2511.99999", "names no paper we know")]
    [InlineData("paper=not-a-paper", "names no paper we know")]
    [InlineData("paper=%00", "names no paper we know")]
    [InlineData("token=p.1.1.forged", "This link is not valid")]
    public async Task ABrokenFeedbackLinkGetsAPageThatSaysWhatIsWrong(string replacement, string message)
    {
        var link = FeedbackLink(await DigestAsync(), "more");
        var name = replacement.Split('=')[0];
        var broken = Regex.Replace(link, $"{name}=[^&]*", replacement.Replace("$", "$$", StringComparison.Ordinal));
        var browser = App.CreateClient();

        var shown = await browser.GetAsync(broken);
        var posted = await browser.PostAsync(broken, new FormUrlEncodedContent([]));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (shown.StatusCode, posted.StatusCode));
        Assert.Contains(message, await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await VotesAsync());
    }

    [Fact]
    public async Task ThePreferencesPageListsTheFeedbackAndRemovesIt()
    {
        var digest = await DigestAsync();
        var browser = App.CreateClient();
        await PressAsync(browser, FeedbackLink(digest, "less"));
        var path = await App.PreferencesPathAsync("ada@example.org");
        var page = await browser.GetStringAsync(path);

        var removed = await browser.RemoveFromPreferencesAsync(path, page, "feedback/remove", PaperId);

        Assert.Contains("Low-Bit Quantization of Language Models</a> · less like this", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Contains("Your feedback", await removed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await VotesAsync());
    }

    /// <summary>Opens the link and presses the page's one button, as a reader does.</summary>
    static async Task<HttpResponseMessage> PressAsync(HttpClient browser, string link)
    {
        var page = await browser.GetStringAsync(link);
        var action = WebUtility.HtmlDecode(FormAction().Match(page).Groups[1].Value);
        return await browser.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppScenarios.AntiforgeryToken(page),
        }));
    }

    [GeneratedRegex(@"href=""(http://localhost/feedback\?[^""]+)""")]
    private static partial Regex FeedbackHref();

    [GeneratedRegex(@"<form method=""post"" action=""([^""]+)""")]
    private static partial Regex FormAction();

    [GeneratedRegex(@"<button type=""submit""")]
    private static partial Regex ButtonOf();
}
