using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>/feeds/{token}.atom: the papers of a subscriber's sent digests as an Atom 1.0 feed (RFC 4287).</summary>
public sealed class FeedTests : AppTest
{
    static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    static readonly DateTimeOffset FirstSent = new(2026, 11, 25, 7, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset SecondSent = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheFeedIsAtomWithTheRequiredFeedElements()
    {
        var digest = await FirstDigestAsync(PaperBuilder.Titled("Low-Bit Quantization"));

        var response = await App.CreateClient().GetAsync(FeedPath(digest));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.False(string.IsNullOrWhiteSpace(feed.Element(Atom + "id")?.Value));
        Assert.False(string.IsNullOrWhiteSpace(feed.Element(Atom + "title")?.Value));
        Assert.Equal(FirstSent, DateTimeOffset.Parse(feed.Element(Atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        var self = feed.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self");
        Assert.Equal(new Uri(AppScenarios.LinkIn(digest, "/feeds/")).AbsolutePath, new Uri((string)self.Attribute("href")!).AbsolutePath);
        Assert.NotNull(feed.Element(Atom + "author")?.Element(Atom + "name"));
    }

    [Fact]
    public async Task EachEntryIsAPaperOfTheDigestWithItsArxivIdTitleLinkAuthorsAndAbstract()
    {
        var paper = PaperBuilder.Titled("Quantization to $\\Omega(n^{k/2})$ Bits")
            .WithAuthors("Mei Lin", "Ada Author")
            .WithAbstract("We bound quantization error by $\\Omega(n^{k/2})$.");
        var digest = await FirstDigestAsync(paper);

        var entry = Assert.Single(await EntriesAsync(FeedPath(digest)));

        Assert.Equal($"https://arxiv.org/abs/{paper.ArxivId}", entry.Element(Atom + "id")!.Value);
        Assert.Equal("Quantization to Ω(n^(k/2)) Bits", entry.Element(Atom + "title")!.Value);
        Assert.Equal($"https://huggingface.co/papers/{paper.ArxivId}", (string)entry.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!);
        Assert.Equal(["Mei Lin", "Ada Author"], entry.Elements(Atom + "author").Select(a => a.Element(Atom + "name")!.Value));
        Assert.Equal("We bound quantization error by Ω(n^(k/2)).", entry.Element(Atom + "summary")!.Value);
        Assert.Equal(FirstSent, DateTimeOffset.Parse(entry.Element(Atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task EntriesComeNewestDigestFirstEachDatedWhenItsDigestWasSent()
    {
        var first = PaperBuilder.Titled("Low-Bit Quantization");
        var second = PaperBuilder.Titled("Quantization for Everyone");
        var digest = await FirstDigestAsync(first);
        await NextDigestAsync(second);

        var entries = await EntriesAsync(FeedPath(digest));

        Assert.Equal([$"https://arxiv.org/abs/{second.ArxivId}", $"https://arxiv.org/abs/{first.ArxivId}"], entries.Select(e => e.Element(Atom + "id")!.Value));
        Assert.Equal([SecondSent, FirstSent], entries.Select(e => DateTimeOffset.Parse(e.Element(Atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task APaperInTwoDigestsIsOneEntryDatedByTheLaterOne()
    {
        var paper = PaperBuilder.Titled("Low-Bit Quantization");
        var digest = await FirstDigestAsync(paper);
        await NextDigestAsync(PaperBuilder.Titled("Quantization for Everyone"));
        // The planner never sends a paper twice; a ledger row from an admin's re-run could still name one again.
        await App.ExecuteSqlAsync("UPDATE digests SET items = (SELECT items FROM digests WHERE digest_date = '2026-11-25') WHERE digest_date = '2026-11-26'");

        var entry = Assert.Single(await EntriesAsync(FeedPath(digest)));

        Assert.Equal($"https://arxiv.org/abs/{paper.ArxivId}", entry.Element(Atom + "id")!.Value);
        Assert.Equal(SecondSent, DateTimeOffset.Parse(entry.Element(Atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task TheFeedHoldsTheNewestHundredPapers()
    {
        await App.DisposeAsync();
        App = await DigestMailerApp.StartAsync(new Dictionary<string, string?> { ["Digest:MaxPapers"] = "50" });
        var oldest = Enumerable.Range(1, 50).Select(i => PaperBuilder.Titled($"Quantization Study {i}")).ToArray();
        var middle = Enumerable.Range(1, 50).Select(i => PaperBuilder.Titled($"Quantization Method {i}")).ToArray();
        var newest = Enumerable.Range(1, 20).Select(i => PaperBuilder.Titled($"Quantization Survey {i}")).ToArray();
        var digest = await FirstDigestAsync(oldest);
        await NextDigestAsync(middle);
        await NextDigestAsync(newest);

        var ids = (await EntriesAsync(FeedPath(digest))).Select(e => e.Element(Atom + "id")!.Value).ToList();

        Assert.Equal(100, ids.Count);
        Assert.Equal(newest.Concat(middle).Select(p => $"https://arxiv.org/abs/{p.ArxivId}").Order(), ids.Take(70).Order());
        Assert.Equal(30, ids.Skip(70).Intersect(oldest.Select(p => $"https://arxiv.org/abs/{p.ArxivId}")).Count());
    }

    [Fact]
    public async Task ABadFeedAddressIs400NamingTheToken()
    {
        var response = await App.CreateClient().GetAsync("/feeds/p.1.1764050400000.forged.atom");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("token", out _));
    }

    [Fact]
    public async Task APreferencesTokenDoesNotOpenTheFeed()
    {
        var digest = await FirstDigestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        var preferencesToken = AppScenarios.TokenFrom(AppScenarios.LinkIn(digest, "/preferences"));

        var response = await App.CreateClient().GetAsync($"/feeds/{Uri.EscapeDataString(preferencesToken)}.atom");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AnUnsubscribedSubscribersFeedIsGone()
    {
        var digest = await FirstDigestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        var unsubscribe = AppScenarios.PathAndQuery(AppScenarios.LinkIn(digest, "/unsubscribe"));
        (await App.CreateClient().PostAsync(unsubscribe, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" })))
            .EnsureSuccessStatusCode();

        var response = await App.CreateClient().GetAsync(FeedPath(digest));

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ADeletedSubscribersFeedIsNotFound()
    {
        var digest = await FirstDigestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        await App.ExecuteSqlAsync("DELETE FROM subscribers");

        var response = await App.CreateClient().GetAsync(FeedPath(digest));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AReaderPollingAnUnchangedFeedGets304()
    {
        var path = FeedPath(await FirstDigestAsync(PaperBuilder.Titled("Low-Bit Quantization")));
        var first = await App.CreateClient().GetAsync(path);

        var byTag = new HttpRequestMessage(HttpMethod.Get, path);
        byTag.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var byDate = new HttpRequestMessage(HttpMethod.Get, path);
        byDate.Headers.IfModifiedSince = first.Content.Headers.LastModified;

        Assert.Equal(HttpStatusCode.NotModified, (await App.CreateClient().SendAsync(byTag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, (await App.CreateClient().SendAsync(byDate)).StatusCode);
    }

    [Fact]
    public async Task ANewDigestChangesTheFeedsTag()
    {
        var digest = await FirstDigestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        var tag = (await App.CreateClient().GetAsync(FeedPath(digest))).Headers.ETag!;
        await NextDigestAsync(PaperBuilder.Titled("Quantization for Everyone"));
        var request = new HttpRequestMessage(HttpMethod.Get, FeedPath(digest));
        request.Headers.IfNoneMatch.Add(tag);

        var response = await App.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task BothPartsOfTheDigestLinkTheFeed()
    {
        var digest = await FirstDigestAsync(PaperBuilder.Titled("Low-Bit Quantization"));

        var link = AppScenarios.LinkIn(digest, "/feeds/");

        Assert.Contains($"Atom feed of your papers: {link}", digest.TextBody, StringComparison.Ordinal);
    }

    static string FeedPath(MimeMessage digest) => AppScenarios.PathAndQuery(AppScenarios.LinkIn(digest, "/feeds/"));

    async Task<List<XElement>> EntriesAsync(string path)
    {
        var feed = XDocument.Parse(await App.CreateClient().GetStringAsync(path)).Root!;
        return [.. feed.Elements(Atom + "entry")];
    }

    /// <summary>Subscribes ada to quantization and sends her a digest of these papers on 25 November at 07:00.</summary>
    async Task<MimeMessage> FirstDigestAsync(params PaperBuilder[] papers)
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        App.Clock.SetUtcNow(FirstSent);
        await App.IngestAsync(papers);
        await App.RunDigestAsync("2026-11-25");
        return (await App.Inbox.WaitForAsync("ada@example.org", 2))[1];
    }

    /// <summary>Sends the next day's digest of these papers, a day after the last one.</summary>
    async Task NextDigestAsync(params PaperBuilder[] papers)
    {
        var sent = App.Inbox.To("ada@example.org").Count;
        App.Clock.Advance(TimeSpan.FromDays(1));
        await App.IngestAsync(papers);
        await App.RunDigestAsync(DigestMailer.Subscriptions.DigestDate.Format(DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime)));
        await App.Inbox.WaitForAsync("ada@example.org", sent + 1);
    }
}
