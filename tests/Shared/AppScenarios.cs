using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using DigestMailer.Data;
using DigestMailer.Digests;
using DigestMailer.Subscriptions;
using MimeKit;

namespace DigestMailer.Testing;

/// <summary>What a sign-up sends; the schedule fields default to what the service assumes when they are left out.</summary>
public sealed record Signup(string Email, string[] Topics)
{
    public string Frequency { get; init; } = "daily";

    public string Weekday { get; init; } = "monday";

    public int SendHour { get; init; } = 7;

    public string TimeZone { get; init; } = "UTC";

    public bool Trending { get; init; }

    /// <summary>Papers the reader likes: arXiv ids, URLs or DOIs.</summary>
    public string[] Likes { get; init; } = [];
}

/// <summary>GET /api/admin/subscribers?email=…, as the contract names its fields.</summary>
public sealed record SubscriberView(
    string Email,
    string Status,
    string[] Topics,
    bool Trending,
    string Frequency,
    string Weekday,
    int SendHour,
    string TimeZone,
    int? MaxPapers,
    bool Paused,
    string[] Likes);

public sealed record RunStatus(string RunId, string Date, string Status, int Planned, int Sent, int Skipped, int Failed, string? Reason = null);

/// <summary>The steps tests take again and again, each through the public HTTP interface.</summary>
public static partial class AppScenarios
{
    /// <summary>Typed reads of the admin API fail when a field of the contract is missing or null where it may not be.</summary>
    static readonly JsonSerializerOptions Contract = new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>Signs up through the API and returns its answer once the service has applied the sign-up.</summary>
    public static async Task<HttpResponseMessage> SignUpAsync(this DigestMailerApp app, string email, params string[] topics)
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/subscriptions", new { email, topics });
        await app.WaitForAddressRequestsAsync();
        return response;
    }

    /// <summary>
    /// Waits until every request received for an address (sign-up, lost link) is applied: the service answers one
    /// before that (receiving it is one insert, the same for every address), and applies it in the background.
    /// </summary>
    public static Task WaitForAddressRequestsAsync(this DigestMailerApp app) =>
        Eventually.HoldsAsync(
            async () => (await app.QuerySqlAsync<long>("SELECT COUNT(*) FROM address_requests")).Single() == 0,
            "every received address request was applied");

    /// <summary>Signs up, follows the link in the confirmation mail, and returns once the subscriber is active.</summary>
    public static Task SubscribeAsync(this DigestMailerApp app, string email, params string[] topics) =>
        app.SubscribeAsync(new Signup(email, topics));

    /// <inheritdoc cref="SubscribeAsync(DigestMailerApp, string, string[])"/>
    public static async Task SubscribeAsync(this DigestMailerApp app, Signup signup)
    {
        var email = signup.Email;
        var before = app.Inbox.To(email).Count;
        (await app.CreateClient().PostAsJsonAsync("/api/subscriptions", new
        {
            email,
            topics = signup.Topics,
            trending = signup.Trending,
            frequency = signup.Frequency,
            weekday = signup.Weekday,
            sendHour = signup.SendHour,
            timeZone = signup.TimeZone,
            likes = signup.Likes,
        })).EnsureSuccessStatusCode();
        var mail = (await app.Inbox.WaitForAsync(email, before + 1))[^1];
        var token = TokenFrom(LinkIn(mail, "/confirm"));
        (await app.CreateClient().PostAsJsonAsync("/api/subscriptions/confirm", new { token })).EnsureSuccessStatusCode();
    }

    /// <summary>Asks for a fresh preferences link on the "lost your link?" page, as a browser would; returns the answer page.</summary>
    public static async Task<string> RequestPreferencesLinkAsync(this DigestMailerApp app, string email)
    {
        var browser = app.CreateClient();
        var form = await browser.GetStringAsync("/preferences/lost");
        var response = await browser.PostAsync("/preferences/lost", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.WaitForAddressRequestsAsync();
        return await response.Content.ReadAsStringAsync();
    }

    public static Task<JsonElement> IngestAsync(this DigestMailerApp app, params PaperBuilder[] papers) =>
        app.IngestAsync(papers.Select(p => p.ToJson()).ToArray());

    /// <summary>Ingests papers through the admin API, in the Hugging Face daily_papers shape.</summary>
    public static async Task<JsonElement> IngestAsync(this DigestMailerApp app, params JsonObject[] papers)
    {
        var body = new JsonArray(papers.Select(p => (JsonNode)p).ToArray());
        var response = await app.CreateAdminClient().PostAsync(
            "/api/admin/papers", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Asks for a digest run and waits until the ledger says every digest of it has an outcome.</summary>
    public static async Task<RunStatus> RunDigestAsync(this DigestMailerApp app, string date)
    {
        var admin = app.CreateAdminClient();
        var started = await admin.PostAsJsonAsync("/api/admin/digests/run", new { date });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        return await app.WaitForRunAsync(runId);
    }

    /// <summary>Plans through the planner itself, so no send job is enqueued and the test decides what runs.</summary>
    public static async Task<string> PlanWithoutSendingAsync(this DigestMailerApp app, string date)
    {
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var runs = app.Service<DigestRuns>();
        var runId = await runs.CreateAsync(day, CancellationToken.None);
        await app.Service<DigestPlanner>().PlanAsync(runId, day, CancellationToken.None);
        await runs.MarkPlannedAsync(runId, CancellationToken.None);
        return runId;
    }

    public static async Task<RunStatus> WaitForRunAsync(this DigestMailerApp app, string runId)
    {
        var admin = app.CreateAdminClient();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var status = (await admin.GetFromJsonAsync<RunStatus>($"/api/admin/digests/runs/{runId}", Contract))!;
            if (status.Status != "running")
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Run {runId} still running: {status}");
            await Task.Delay(50);
        }
    }

    /// <summary>Starts an ingest run through the admin API and waits for its outcome.</summary>
    public static async Task<JsonElement> RunIngestAsync(this DigestMailerApp app)
    {
        var admin = app.CreateAdminClient();
        var started = await admin.PostAsync("/api/admin/ingest/run", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetInt64();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var run = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/ingest/runs/{runId}");
            if (run.GetProperty("status").GetString() != "running")
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Ingest run {runId} still running");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Waits until no mail is queued or on its way (outbox and digests), so a count of the inbox taken afterwards is
    /// final: the condition a "no more mail" assertion needs instead of a sleep.
    /// </summary>
    public static Task WaitUntilNothingIsLeftToSendAsync(this DigestMailerApp app) =>
        Eventually.HoldsAsync(
            async () => (await app.QuerySqlAsync<long>(
                """
                SELECT (SELECT COUNT(*) FROM mail_outbox WHERE status IN ('pending', 'sending'))
                     + (SELECT COUNT(*) FROM digests WHERE status IN ('pending', 'sending'))
                """)).Single() == 0,
            "the outbox and the digests have nothing left to send");

    /// <summary>Reads the application database directly, for what no endpoint shows (the ledger's own rows).</summary>
    public static async Task<List<T>> QuerySqlAsync<T>(this DigestMailerApp app, string sql, object? parameters = null)
    {
        await using var connection = await app.Service<DbConnectionFactory>().OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }

    /// <summary>Writes the application database directly, for a state no endpoint can make (an older version's data).</summary>
    public static async Task ExecuteSqlAsync(this DigestMailerApp app, string sql, object? parameters = null)
    {
        await using var connection = await app.Service<DbConnectionFactory>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql, parameters);
    }

    public static async Task<SubscriberView> SubscriberAsync(this DigestMailerApp app, string email) =>
        (await app.CreateAdminClient().GetFromJsonAsync<SubscriberView>($"/api/admin/subscribers?email={Uri.EscapeDataString(email)}", Contract))!;

    /// <summary>What the admin API says about the address, or null once it answers 404 (deleted, never known).</summary>
    public static async Task<SubscriberView?> FindSubscriberAsync(this DigestMailerApp app, string email)
    {
        var response = await app.CreateAdminClient().GetAsync($"/api/admin/subscribers?email={Uri.EscapeDataString(email)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SubscriberView>(Contract);
    }

    /// <summary>Runs the digest of the clock's day and returns the one it mailed to the address.</summary>
    public static async Task<MimeMessage> SendDigestToAsync(this DigestMailerApp app, string email)
    {
        var before = app.Inbox.To(email).Count;
        var run = await app.RunDigestAsync(DigestDate.Format(DigestDate.Today(app.Clock)));
        Assert.Equal("completed", run.Status);
        return (await app.Inbox.WaitForAsync(email, before + 1))[^1];
    }

    /// <summary>A subscriber with one digest in the inbox, about one paper on the topic, whose links the test then follows.</summary>
    public static async Task<MimeMessage> DigestForAsync(this DigestMailerApp app, string email, string topic)
    {
        await app.SubscribeAsync(email, topic);
        await app.IngestAsync(PaperBuilder.Titled($"A Study of {topic}").WithId("2511.00001").WithAbstract($"We look at {topic} from every side."));
        return await app.SendDigestToAsync(email);
    }

    /// <summary>The first link in the mail's HTML whose path starts with <paramref name="path"/>.</summary>
    public static string LinkIn(MimeMessage message, string path)
    {
        var match = Regex.Match(message.HtmlBody ?? "", $@"href=""(http://(?:localhost|127\.0\.0\.1)(?::\d+)?{Regex.Escape(path)}[^""]*)""");
        Assert.True(match.Success, $"No link to {path} in the mail '{message.Subject}'.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static string TokenFrom(string url) =>
        Uri.UnescapeDataString(new Uri(url).Query.Split("token=")[1].Split('&')[0]);

    public static string PathAndQuery(string url) => new Uri(url).PathAndQuery;

    /// <summary>A browser that has opened the sign-up page: its cookie and the anti-forgery field its forms carry.</summary>
    public static async Task<(HttpClient Browser, string Antiforgery)> BrowserAsync(this DigestMailerApp app)
    {
        var browser = app.CreateClient();
        return (browser, AntiforgeryToken(await browser.GetStringAsync("/")));
    }

    /// <summary>
    /// Received sign-ups, subscribers and queued mails: what a rejected request must leave as it was (an accepted
    /// sign-up is first only a received one).
    /// </summary>
    public static async Task<(long Received, long Subscribers, long Outbox)> StoredAsync(this DigestMailerApp app)
    {
        await using var connection = await app.Service<DigestMailer.Data.DbConnectionFactory>().OpenAsync(CancellationToken.None);
        return await Dapper.SqlMapper.QuerySingleAsync<(long, long, long)>(
            connection, "SELECT (SELECT COUNT(*) FROM address_requests), (SELECT COUNT(*) FROM subscribers), (SELECT COUNT(*) FROM mail_outbox)");
    }

    /// <summary>The anti-forgery field of a page's form, to post the form as a browser would.</summary>
    public static string AntiforgeryToken(string html) =>
        WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value);

    [GeneratedRegex(@"name=""__RequestVerificationToken"" value=""([^""]+)""")]
    private static partial Regex AntiforgeryField();
}
