using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DigestMailer.IntegrationTests.Infrastructure;

namespace DigestMailer.IntegrationTests;

/// <summary>Liked papers at sign-up (API and form, pasted or uploaded) and on the preferences page, through the real host.</summary>
public sealed class LikesTests : AppTest
{
    static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Fact]
    public async Task ASubscriberMayLikePapersAloneAndTheyAreStoredAsBareIds()
    {
        await App.SubscribeAsync(new Signup("ada@example.org", [])
        {
            Likes = ["https://arxiv.org/abs/2401.01234v2", "2401.01234", "10.48550/arXiv.1706.03762", "arXiv:hep-th/9711200v1", "https://arxiv.org/pdf/2310.06825v1.pdf"],
        });

        var subscriber = await App.SubscriberAsync("ada@example.org");
        Assert.Equal("active", subscriber.Status);
        Assert.Equal(["2401.01234", "1706.03762", "hep-th/9711200", "2310.06825"], subscriber.Likes);
    }

    [Fact]
    public async Task ASignupWithNoTopicsTrendingOrLikesIsRefusedNamingAllThree()
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/subscriptions", new { email = "ada@example.org", topics = Array.Empty<string>(), likes = Array.Empty<string>() });

        var errors = await ErrorsAsync(response);
        Assert.True(errors.TryGetProperty("topics", out _));
        Assert.True(errors.TryGetProperty("trending", out _));
        Assert.True(errors.TryGetProperty("likes", out _));
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Fact]
    public async Task FiftyOneLikedPapersAreRefused()
    {
        var likes = Enumerable.Range(1, 51).Select(i => $"2401.{i:D5}").ToArray();

        var errors = await ErrorsAsync(await App.CreateClient().PostAsJsonAsync("/api/subscriptions", new { email = "ada@example.org", likes }));

        Assert.Contains("At most 50 liked papers, not 51", errors.GetProperty("likes")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Fact]
    public async Task FiftyLikesWithDuplicatesCollapsedAreAccepted()
    {
        var likes = Enumerable.Range(1, 50).Select(i => $"2401.{i:D5}").Concat(["2401.00001v2", "https://arxiv.org/abs/2401.00002"]).ToArray();

        await App.SubscribeAsync(new Signup("ada@example.org", []) { Likes = likes });

        Assert.Equal(50, (await App.SubscriberAsync("ada@example.org")).Likes.Length);
    }

    [Theory]
    [InlineData("not-an-id")]
    [InlineData("2413.01234")]
    [InlineData("2401.01234\u0000")]
    [InlineData("https://example.org/abs/2401.01234")]
    [InlineData("")]
    public async Task AMalformedLikedIdIsNamedByItsPosition(string bad)
    {
        var errors = await ErrorsAsync(await App.CreateClient().PostAsJsonAsync(
            "/api/subscriptions", new { email = "ada@example.org", topics = new[] { "llm" }, likes = new[] { "2401.01234", bad } }));

        Assert.Contains("is not an arXiv id", errors.GetProperty("likes[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Fact]
    public async Task LikesThatAreNotAListOfStringsAreRefused()
    {
        var response = await App.CreateClient().PostAsync(
            "/api/subscriptions", new StringContent("""{"email":"ada@example.org","likes":"2401.01234"}""", Encoding.UTF8, "application/json"));

        Assert.True((await ErrorsAsync(response)).TryGetProperty("likes", out _));
    }

    [Fact]
    public async Task LikesInASignupOfAKnownAddressWaitForItsConfirmation()
    {
        await App.SubscribeAsync(new Signup("ada@example.org", ["llm"]) { Likes = ["2401.01234"] });
        App.Clock.Advance(TimeSpan.FromHours(2));

        (await App.CreateClient().PostAsJsonAsync("/api/subscriptions", new { email = "ada@example.org", topics = new[] { "llm" }, likes = new[] { "1706.03762" } }))
            .EnsureSuccessStatusCode();
        await App.WaitForAddressRequestsAsync();
        var before = (await App.SubscriberAsync("ada@example.org")).Likes;
        var mail = (await App.Inbox.WaitForAsync("ada@example.org", 2))[^1];
        (await App.CreateClient().PostAsJsonAsync("/api/subscriptions/confirm", new { token = AppScenarios.TokenFrom(AppScenarios.LinkIn(mail, "/confirm")) }))
            .EnsureSuccessStatusCode();

        Assert.Equal(["2401.01234"], before);
        Assert.Equal(["2401.01234", "1706.03762"], (await App.SubscriberAsync("ada@example.org")).Likes);
    }

    [Fact]
    public async Task TheSignupFormTakesPastedIdsAndAnUploadedBibtexExport()
    {
        var (browser, _) = await App.BrowserAsync();
        var page = await browser.GetStringAsync("/");

        var response = await browser.PostFormAsync(
            "/subscribe", page, new Dictionary<string, string> { ["email"] = "ada@example.org", ["likes"] = "2401.01234\r\nhttps://arxiv.org/abs/2310.06825v2\r\n" }, Upload.Sample("likes_zotero.bib"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("3 of the 4 entries in likes_zotero.bib name an arXiv paper", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var mail = (await App.Inbox.WaitForAsync("ada@example.org", 1))[0];
        (await App.CreateClient().PostAsJsonAsync("/api/subscriptions/confirm", new { token = AppScenarios.TokenFrom(AppScenarios.LinkIn(mail, "/confirm")) }))
            .EnsureSuccessStatusCode();
        Assert.Equal(["2401.01234", "2310.06825", "1706.03762", "2509.99901", "hep-th/9711200"], (await App.SubscriberAsync("ada@example.org")).Likes);
    }

    [Fact]
    public async Task TheSignupFormShowsAMalformedPastedIdAndKeepsTheText()
    {
        var (browser, _) = await App.BrowserAsync();
        var page = await browser.GetStringAsync("/");

        var response = await browser.PostFormAsync("/subscribe", page, new Dictionary<string, string> { ["email"] = "ada@example.org", ["likes"] = "2401.01234\nnot an id" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Paper 2 &quot;not an id&quot; is not an arXiv id", html, StringComparison.Ordinal);
        Assert.Contains("not an id</textarea>", html, StringComparison.Ordinal);
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Theory]
    [InlineData("paper.pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A, 0x00, 0xE2, 0xE3 })]
    [InlineData("refs.bib", new byte[] { 0x40, 0x6D, 0x69, 0x73, 0x63, 0x7B, 0x00, 0x00 })]
    [InlineData("refs-utf16.bib", new byte[] { 0xFF, 0xFE, 0x40, 0x00, 0x6D, 0x00 })]
    public async Task ABinaryUploadIsRefusedWithAClearMessage(string fileName, byte[] bytes)
    {
        var (browser, _) = await App.BrowserAsync();
        var page = await browser.GetStringAsync("/");

        var response = await browser.PostFormAsync(
            "/subscribe", page, new Dictionary<string, string> { ["email"] = "ada@example.org", ["topics"] = "llm" }, new Upload(fileName, bytes, "application/pdf"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"{fileName} is not a text file", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Fact]
    public async Task AnUploadOverTheFileLimitIsRefusedNamingTheLimit()
    {
        var (browser, _) = await App.BrowserAsync();
        var page = await browser.GetStringAsync("/");
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("@misc{x, eprint={2401.01234}, archivePrefix={arXiv}}\n", 12_000)));

        var response = await browser.PostFormAsync(
            "/subscribe", page, new Dictionary<string, string> { ["email"] = "ada@example.org", ["topics"] = "llm" }, new Upload("library.bib", bytes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("library.bib is larger than 512 KB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Fact]
    public async Task AFiveMegabyteUploadIsRefusedAsTooLargeWithAPageThatSaysSo()
    {
        var (browser, _) = await App.BrowserAsync();
        var page = await browser.GetStringAsync("/");

        var response = await browser.PostFormAsync(
            "/subscribe", page, new Dictionary<string, string> { ["email"] = "ada@example.org", ["topics"] = "llm" }, new Upload("library.bib", new byte[5 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("an uploaded file at most 512 KB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Fact]
    public async Task ThePreferencesPageListsLikedPapersByTitleOrIdAndAddsPastedAndUploadedOnes()
    {
        await App.SubscribeAsync(new Signup("ada@example.org", ["llm"]) { Likes = ["2401.01234"] });
        await App.IngestAsync(PaperBuilder.Titled("Known Liked Paper").WithId("2401.01234"));
        var browser = App.CreateClient();
        var path = await App.PreferencesPathAsync("ada@example.org");
        var page = await browser.GetStringAsync(path);

        var saved = await browser.PostFormAsync(path, page, new Dictionary<string, string> { ["topics"] = "llm", ["likes"] = "1706.03762" }, Upload.Sample("likes_zotero.ris"));

        Assert.Contains("Known Liked Paper", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var html = await saved.Content.ReadAsStringAsync();
        Assert.Contains("2 of the 3 entries in likes_zotero.ris name an arXiv paper", html, StringComparison.Ordinal);
        Assert.Contains("2509.99901 <span class=\"hint\">(not fetched yet)</span>", html, StringComparison.Ordinal);
        Assert.Equal(["2401.01234", "1706.03762", "2509.99901"], (await App.SubscriberAsync("ada@example.org")).Likes);
    }

    [Fact]
    public async Task ThePreferencesPageRefusesMoreThanFiftyLikesInAll()
    {
        await App.SubscribeAsync(new Signup("ada@example.org", []) { Likes = [.. Enumerable.Range(1, 49).Select(i => $"2401.{i:D5}")] });
        var browser = App.CreateClient();
        var path = await App.PreferencesPathAsync("ada@example.org");
        var page = await browser.GetStringAsync(path);

        var rejected = await browser.PostFormAsync(path, page, new Dictionary<string, string> { ["likes"] = "2401.00001\n2402.00001\n2402.00002" });

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Contains("you like 49 already, and 2 more is too many", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(49, (await App.SubscriberAsync("ada@example.org")).Likes.Length);
    }

    [Fact]
    public async Task ALikedPaperIsRemovedWithItsButton()
    {
        await App.SubscribeAsync(new Signup("ada@example.org", ["llm"]) { Likes = ["2401.01234", "1706.03762"] });
        var browser = App.CreateClient();
        var path = await App.PreferencesPathAsync("ada@example.org");
        var page = await browser.GetStringAsync(path);

        var removed = await browser.RemoveFromPreferencesAsync(path, page, "likes/remove", "2401.01234");

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(["1706.03762"], (await App.SubscriberAsync("ada@example.org")).Likes);
    }

    [Fact]
    public async Task TheLastLikeOfASubscriberWithNothingElseStays()
    {
        await App.SubscribeAsync(new Signup("ada@example.org", []) { Likes = ["2401.01234"] });
        var browser = App.CreateClient();
        var path = await App.PreferencesPathAsync("ada@example.org");
        var page = await browser.GetStringAsync(path);

        var refused = await browser.RemoveFromPreferencesAsync(path, page, "likes/remove", "2401.01234");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Keep at least one topic, liked paper or the trending papers", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["2401.01234"], (await App.SubscriberAsync("ada@example.org")).Likes);
    }

    [Fact]
    public async Task RemovingALikeWithoutTheFormsAntiforgeryFieldChangesNothing()
    {
        await App.SubscribeAsync(new Signup("ada@example.org", ["llm"]) { Likes = ["2401.01234"] });
        var path = await App.PreferencesPathAsync("ada@example.org");

        var refused = await App.CreateClient().PostAsync(
            path.Replace("/preferences?", "/preferences/likes/remove?", StringComparison.Ordinal),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["paper"] = "2401.01234" }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["2401.01234"], (await App.SubscriberAsync("ada@example.org")).Likes);
    }
}
