using DigestMailer.IntegrationTests.Infrastructure;

namespace DigestMailer.IntegrationTests;

/// <summary>
/// Liked papers the database does not have: the ingest job asks the arXiv API for them by id (a recorded payload
/// from the loopback fake source), stores them, and no digest sends them as news.
/// </summary>
public sealed class LikedPaperIngestTests : IAsyncLifetime
{
    const string EmptyFeed = """<feed xmlns="http://www.w3.org/2005/Atom"></feed>""";

    FakeSources sources = null!;
    DigestMailerApp app = null!;

    public async ValueTask InitializeAsync()
    {
        sources = await FakeSources.StartAsync();
        app = await DigestMailerApp.StartAsync(new Dictionary<string, string?>
        {
            ["Sources:HuggingFace:Enabled"] = "false",
            ["Sources:Arxiv:ApiBaseUrl"] = sources.BaseUrl,
            ["Sources:Arxiv:RssBaseUrl"] = sources.BaseUrl,
            ["Sources:Arxiv:Categories:0"] = "cs.LG",
        });
        // The category listings bring nothing today; the recorded feed answers the liked ids.
        sources.On("/api/query", "search_query=cat:cs.LG", Reply.Xml(EmptyFeed));
        sources.On("/rss/cs.LG", "", Reply.Xml("<rss><channel></channel></rss>"));
        sources.On("/api/query", "id_list=", Reply.File("arxiv_query.atom"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await sources.DisposeAsync();
    }

    Task<List<string>> StoredAsync(int fetchedForLikes) =>
        app.QuerySqlAsync<string>("SELECT arxiv_id FROM papers WHERE fetched_for_likes = @fetchedForLikes ORDER BY arxiv_id", new { fetchedForLikes });

    [Fact]
    public async Task UnknownLikedPapersAreFetchedInOneIdListRequest()
    {
        await app.SubscribeAsync(new Signup("ada@example.org", []) { Likes = ["2509.99901", "2509.99902v2"] });
        await app.SubscribeAsync(new Signup("bob@example.org", ["llm"]) { Likes = ["2509.99902"] });

        var run = await app.RunIngestAsync();

        Assert.Equal("completed", run.GetProperty("status").GetString());
        var asked = Assert.Single(sources.RequestsTo("/api/query"), r => r.Contains("id_list=", StringComparison.Ordinal));
        Assert.Contains("id_list=2509.99901,2509.99902&", asked, StringComparison.Ordinal);
        // The recorded answer holds a third paper nobody asked for: it is not stored.
        Assert.Equal(["2509.99901", "2509.99902"], await StoredAsync(fetchedForLikes: 1));
        Assert.Empty(await StoredAsync(fetchedForLikes: 0));
    }

    [Fact]
    public async Task AFetchedLikedPaperIsNeverSentAsNews()
    {
        await app.SubscribeAsync(new Signup("ada@example.org", ["retrieval-augmented generation"]) { Likes = ["2509.99901"], Trending = true });
        await app.RunIngestAsync();
        await app.IngestAsync(
            PaperBuilder.Titled("Retrieval-Augmented Generation for Chemistry").WithAbstract("A new retrieval-augmented generation system.").WithUpvotes(3));

        var run = await app.RunDigestAsync("2026-11-25");

        Assert.Equal(1, run.Sent);
        var digest = (await app.Inbox.WaitForAsync("ada@example.org", 2))[1];
        Assert.Contains("Retrieval-Augmented Generation for Chemistry", digest.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("DriftBench", digest.TextBody, StringComparison.Ordinal);
        Assert.Equal(["2509.99901"], await StoredAsync(fetchedForLikes: 1));
    }

    [Fact]
    public async Task AFetchedLikedPaperIsNotOfferedAsSimilarToAnotherReadersLikes()
    {
        await app.DisposeAsync();
        app = await DigestMailerApp.StartAsync(new Dictionary<string, string?>(SimilarPapersTests.EmbeddingsOn)
        {
            ["Sources:HuggingFace:Enabled"] = "false",
            ["Sources:Arxiv:ApiBaseUrl"] = sources.BaseUrl,
            ["Sources:Arxiv:RssBaseUrl"] = sources.BaseUrl,
            ["Sources:Arxiv:Categories:0"] = "cs.LG",
        });
        // Bob likes a paper on the very subject of the one Ada's like brings in: the closest paper to his profile.
        var bobsLike = PaperBuilder.Titled("Temporal Drift in Retrieval-Augmented Generation Benchmarks").WithAbstract(
            "Retrieval-augmented generation systems degrade when the index changes over time; we benchmark retrievers under temporal drift.");
        await app.IngestAsync(bobsLike);
        await app.SubscribeAsync(new Signup("ada@example.org", ["llm"]) { Likes = ["2509.99901"] });
        await app.SubscribeAsync(new Signup("bob@example.org", ["quantization"]) { Likes = [bobsLike.ArxivId] });
        await app.RunIngestAsync();
        await app.IngestAsync(PaperBuilder.Titled("Quantization of Language Models").WithAbstract("Low-bit quantization of language models."));
        await SimilarPapersTests.WaitForEmbeddingsAsync(app, 3);

        await app.RunDigestAsync("2026-11-25");

        var digest = (await app.Inbox.WaitForAsync("bob@example.org", 2))[1];
        Assert.Contains("Quantization of Language Models", digest.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("DriftBench", digest.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePreferencesPageShowsTheTitleOfAFetchedLikedPaper()
    {
        await app.SubscribeAsync(new Signup("ada@example.org", ["llm"]) { Likes = ["2509.99901"] });

        await app.RunIngestAsync();

        var page = await app.CreateClient().GetStringAsync(await app.PreferencesPathAsync("ada@example.org"));
        Assert.Contains("DriftBench: Evaluating Retrieval-Augmented Generation Under Temporal Drift", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIdTheApiHasNoPaperForIsAskedForAgainOnlyADayLater()
    {
        sources.On("/api/query", "id_list=", Reply.Xml(EmptyFeed));
        await app.SubscribeAsync(new Signup("ada@example.org", ["llm"]) { Likes = ["2401.01234"] });

        await app.RunIngestAsync();
        await app.RunIngestAsync();
        var sameDay = IdListRequests();
        app.Clock.Advance(TimeSpan.FromHours(25));
        await app.RunIngestAsync();

        Assert.Equal((1, 2), (sameDay, IdListRequests()));
    }

    [Fact]
    public async Task LikesOfAnUnconfirmedSignupAreNotFetched()
    {
        (await app.CreateClient().PostAsync("/api/subscriptions", JsonContent("""{"email":"ada@example.org","likes":["2509.99901"]}"""))).EnsureSuccessStatusCode();
        await app.WaitForAddressRequestsAsync();

        var run = await app.RunIngestAsync();

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(0, IdListRequests());
    }

    [Fact]
    public async Task AnIngestWithNoUnknownLikedPaperAsksForNone()
    {
        await app.SubscribeAsync("ada@example.org", "llm");

        await app.RunIngestAsync();

        Assert.Equal(0, IdListRequests());
    }

    int IdListRequests() => sources.RequestsTo("/api/query").Count(r => r.Contains("id_list=", StringComparison.Ordinal));

    static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
