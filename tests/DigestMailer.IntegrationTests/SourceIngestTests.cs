using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using DigestMailer.Data;
using DigestMailer.IntegrationTests.Infrastructure;

namespace DigestMailer.IntegrationTests;

/// <summary>The source readers against a loopback server that replays recorded (and broken) payloads.</summary>
public sealed class SourceIngestTests : IAsyncLifetime
{
    FakeSources sources = null!;
    DigestMailerApp app = null!;

    public async ValueTask InitializeAsync()
    {
        sources = await FakeSources.StartAsync();
        app = await StartAppAsync(new Dictionary<string, string?>());
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await sources.DisposeAsync();
    }

    Task<DigestMailerApp> StartAppAsync(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Sources:HuggingFace:BaseUrl", sources.BaseUrl);
        settings.TryAdd("Sources:Arxiv:ApiBaseUrl", sources.BaseUrl);
        settings.TryAdd("Sources:Arxiv:RssBaseUrl", sources.BaseUrl);
        settings.TryAdd("Sources:Arxiv:Enabled", "false");
        settings.TryAdd("Sources:MaxRetries", "2");
        return DigestMailerApp.StartAsync(settings);
    }

    [Fact]
    public async Task ARunReadsEveryPageOfEachDayAndRecordsItsCounts()
    {
        sources.On("/api/daily_papers", "date=2026-11-24", Reply.Json("[]"));
        sources.On("/api/daily_papers", "date=2026-11-25&limit=100&p=0", Reply.Json(Papers(100, first: 1)));
        sources.On("/api/daily_papers", "date=2026-11-25&limit=100&p=1", Reply.Json(Papers(3, first: 101)));

        var run = await app.RunIngestAsync();

        Assert.Equal(("completed", 103, 103, 0), (Status(run), run.GetProperty("fetched").GetInt32(), run.GetProperty("inserted").GetInt32(), run.GetProperty("updated").GetInt32()));
        var listed = await app.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/admin/ingest/runs");
        Assert.Equal(run.GetProperty("id").GetInt64(), listed[0].GetProperty("id").GetInt64());
        Assert.Equal(3, sources.RequestsTo("/api/daily_papers").Count);
    }

    [Fact]
    public async Task TheSamePaperFromHuggingFaceAndArxivIsOneRowWithWhatEachKnows()
    {
        await app.DisposeAsync();
        app = await StartAppAsync(new()
        {
            ["Sources:Arxiv:Enabled"] = "true",
            ["Sources:Arxiv:Categories:0"] = "cs.LG",
            // The recorded feed is from September 2025; a first run must look back that far to keep it.
            ["Sources:Arxiv:FirstRunLookback"] = "500.00:00:00",
        });
        sources.On("/api/daily_papers", "date=2026-11-25", Reply.File("hf_daily_papers.json"));
        sources.On("/api/daily_papers", "date=2026-11-24", Reply.Json("[]"));
        sources.On("/api/query", "cat:cs.LG", Reply.File("arxiv_query.atom"));
        sources.On("/rss/cs.LG", "", Reply.File("arxiv_rss_math.OC.xml"));

        var run = await app.RunIngestAsync();

        Assert.Equal("completed", Status(run));
        var paper = await PaperAsync("2509.99901");
        Assert.Equal((143L, "cs.CL cs.IR cs.LG", "cs.CL", 1L, 1L), (paper.upvotes, paper.categories, paper.primary_category, paper.on_huggingface, paper.version));
        var versioned = await PaperAsync("2509.99902");
        Assert.Equal((2L, "10.1234/example.2025.0042"), (versioned.version, versioned.doi));
        Assert.Equal(4L, await CountAsync("SELECT COUNT(*) FROM papers"));
    }

    [Fact]
    public async Task ACategoryTopicGetsThePapersTheArxivFeedCategorised()
    {
        await app.DisposeAsync();
        app = await StartAppAsync(new()
        {
            ["Sources:HuggingFace:Enabled"] = "false",
            ["Sources:Arxiv:Enabled"] = "true",
            ["Sources:Arxiv:Categories:0"] = "cs.LG",
            ["Sources:Arxiv:FirstRunLookback"] = "500.00:00:00",
        });
        sources.On("/api/query", "", Reply.File("arxiv_query.atom"));
        sources.On("/rss/cs.LG", "", Reply.Xml("<rss><channel></channel></rss>"));
        await app.SubscribeAsync("ada@example.org", "cat:cs.IR");

        await app.RunIngestAsync();
        var run = await app.RunDigestAsync("2026-11-25");

        Assert.Equal(1, run.Sent);
        var digest = (await app.Inbox.WaitForAsync("ada@example.org", 2))[1];
        Assert.Contains("DriftBench", digest.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Sparse Parities", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://arxiv.org/abs/2509.99901", digest.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReplacementOfAPaperWeNeverHadIsSkippedButANewOneIsKept()
    {
        await app.DisposeAsync();
        app = await StartAppAsync(new()
        {
            ["Sources:HuggingFace:Enabled"] = "false",
            ["Sources:Arxiv:Enabled"] = "true",
            ["Sources:Arxiv:Categories:0"] = "math.OC",
        });
        sources.On("/api/query", "cat:math.OC", Reply.Xml(EmptyFeed));
        sources.On("/rss/math.OC", "", Reply.File("arxiv_rss_math.OC.xml"));

        var run = await app.RunIngestAsync();

        Assert.Equal(("completed", 2, 1), (Status(run), run.GetProperty("fetched").GetInt32(), run.GetProperty("inserted").GetInt32()));
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM papers WHERE arxiv_id = '2203.01250'"));
        Assert.Equal("K. Tanaka", (await PaperAsync("2509.99903")).authors);
    }

    [Fact]
    public async Task A429WithRetryAfterIsRetriedAfterTheWait()
    {
        sources.On("/api/daily_papers", "date=2026-11-24", Reply.Json("[]"));
        sources.On("/api/daily_papers", "date=2026-11-25",
            new Reply(429, "{\"error\":\"rate limited\"}", Headers: ("Retry-After", "1")),
            Reply.File("hf_daily_papers.json"));

        var run = await app.RunIngestAsync();

        Assert.Equal(("completed", 3), (Status(run), run.GetProperty("inserted").GetInt32()));
        var times = sources.Requests.Where(r => r.PathAndQuery.Contains("2026-11-25", StringComparison.Ordinal)).Select(r => r.At).ToList();
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A429WithARateLimitHeaderWaitsForTheReset()
    {
        sources.On("/api/daily_papers", "date=2026-11-24", Reply.Json("[]"));
        sources.On("/api/daily_papers", "date=2026-11-25",
            new Reply(429, "{}", Headers: ("RateLimit", "\"api\";r=0;t=1")),
            Reply.File("hf_daily_papers.json"));

        var run = await app.RunIngestAsync();

        Assert.Equal("completed", Status(run));
        var times = sources.Requests.Where(r => r.PathAndQuery.Contains("2026-11-25", StringComparison.Ordinal)).Select(r => r.At).ToList();
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task AServerAskingForAnHourIsNotWaitedForAndTheRunFails()
    {
        sources.On("/api/daily_papers", "date=2026-11-24", new Reply(429, "{}", Headers: ("Retry-After", "3600")));

        var run = await app.RunIngestAsync();

        Assert.Equal("failed", Status(run));
        Assert.Contains("HTTP 429", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(sources.RequestsTo("/api/daily_papers"));
    }

    [Fact]
    public async Task AServerErrorFailsTheRunAndTheNextRunCatchesUpTheMissedDays()
    {
        sources.On("/api/daily_papers", "date=2026-11-24", Reply.Json("[]"));
        sources.On("/api/daily_papers", "date=2026-11-25", new Reply(503, "down"));
        var failed = await app.RunIngestAsync();

        app.Clock.Advance(TimeSpan.FromDays(2));
        sources.On("/api/daily_papers", "date=2026-11-2", Reply.File("hf_daily_papers.json"));
        var caughtUp = await app.RunIngestAsync();

        Assert.Equal("failed", Status(failed));
        Assert.Contains("HTTP 503", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, failed.GetProperty("inserted").GetInt32());
        Assert.Equal("completed", Status(caughtUp));
        var days = sources.RequestsTo("/api/daily_papers").Select(r => r.Split("date=")[1][..10]).Distinct();
        Assert.Equal(["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"], days.Order());
    }

    [Fact]
    public async Task AMalformedPayloadFailsTheRunAndStoresNothingOfThatDay()
    {
        sources.On("/api/daily_papers", "date=2026-11-24", Reply.Json("[{\"paper\": {\"id\": \"2511.00001\", \"title\": \"Fine\"}}, {\"paper\": {\"title\": \"no id\"}}]"));

        var run = await app.RunIngestAsync();

        Assert.Equal("failed", Status(run));
        Assert.Contains("[1].paper.id", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM papers"));
    }

    [Fact]
    public async Task AnAnswerThatIsNotJsonFailsTheRun()
    {
        sources.On("/api/daily_papers", "date=2026-11-24", new Reply(200, "<html>maintenance</html>", "text/html"));

        var run = await app.RunIngestAsync();

        Assert.Contains("not JSON", run.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASourceThatDoesNotAnswerInTimeFailsTheRun()
    {
        await app.DisposeAsync();
        app = await StartAppAsync(new() { ["Sources:Timeout"] = "00:00:00.300", ["Sources:MaxRetries"] = "1" });
        sources.On("/api/daily_papers", "date=2026-11-24", Reply.Json("[]") with { Delay = TimeSpan.FromSeconds(3) });

        var run = await app.RunIngestAsync();

        Assert.Equal("failed", Status(run));
        Assert.Contains("timeout", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, sources.RequestsTo("/api/daily_papers").Count);
    }

    [Fact]
    public async Task TheArxivErrorFeedFailsTheRunWithArxivsMessage()
    {
        await app.DisposeAsync();
        app = await StartAppAsync(new() { ["Sources:HuggingFace:Enabled"] = "false", ["Sources:Arxiv:Enabled"] = "true" });
        sources.On("/api/query", "", Reply.File("arxiv_query_error_legacy_manual.atom"));
        sources.On("/rss/cs.LG", "", Reply.Xml("<rss><channel></channel></rss>"));
        sources.On("/rss/cs.CL", "", Reply.Xml("<rss><channel></channel></rss>"));

        var run = await app.RunIngestAsync();

        Assert.Equal("failed", Status(run));
        Assert.Contains("incorrect id format", run.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArxivRequestsAreSpacedByTheRequestInterval()
    {
        await app.DisposeAsync();
        app = await StartAppAsync(new()
        {
            ["Sources:HuggingFace:Enabled"] = "false",
            ["Sources:Arxiv:Enabled"] = "true",
            ["Sources:Arxiv:RequestInterval"] = "00:00:01",
        });
        sources.On("/api/query", "", Reply.Xml(EmptyFeed));
        sources.On("/rss/cs.LG", "", Reply.Xml("<rss><channel></channel></rss>"));
        sources.On("/rss/cs.CL", "", Reply.Xml("<rss><channel></channel></rss>"));

        await app.RunIngestAsync();

        var times = sources.Requests.Select(r => r.At).ToList();
        Assert.Equal(3, times.Count);
        // Arrival times at the fake server jitter under load; the gate spaces the sends a full second apart.
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(800)));
    }

    const string EmptyFeed = """<feed xmlns="http://www.w3.org/2005/Atom"></feed>""";

    static string Status(JsonElement run) => run.GetProperty("status").GetString()!;

    static string Papers(int count, int first) => new JsonArray(Enumerable.Range(first, count)
        .Select(i => (JsonNode)PaperBuilder.Titled($"Paper {i}").WithId($"2511.{i:D5}").ToJson()).ToArray()).ToJsonString();

    async Task<dynamic> PaperAsync(string arxivId)
    {
        await using var connection = await app.Service<DbConnectionFactory>().OpenAsync(CancellationToken.None);
        return await connection.QuerySingleAsync("SELECT * FROM papers WHERE arxiv_id = @arxivId", new { arxivId });
    }

    async Task<long> CountAsync(string sql)
    {
        await using var connection = await app.Service<DbConnectionFactory>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
