using System.Net.Http.Headers;
using System.Text;
using Dapper;
using DigestMailer.Data;
using DigestMailer.IntegrationTests.Infrastructure;
using DigestMailer.Subscriptions;

namespace DigestMailer.IntegrationTests.Hostile;

/// <summary>Where a hostile request lands: the JSON API answers with a problem, a page or form with a page.</summary>
public enum Surface
{
    Api,
    Page,
}

/// <summary>One bad request of the corpus; <see cref="Name"/> says what is bad about it and is unique.</summary>
public sealed record HostileRequest(string Name, Surface Surface, Func<HostileApp, Task<HttpResponseMessage>> SendAsync);

/// <summary>
/// One host for the whole corpus, with one confirmed subscriber (id 1) who likes the one paper and voted "less like
/// this" on it, so that links, previews, lookups and remove buttons have something real to miss or change; and what a rejected request must leave exactly as it found it. Shared rather
/// than one host per case (AppTest): every case asserts it left the state as it found it, and some 900 hosts would
/// take a quarter of an hour.
/// </summary>
public sealed class HostileApp : IAsyncLifetime
{
    public const string Email = "ada@example.org";

    /// <summary>The one paper: liked by the subscriber, who also voted on it.</summary>
    public const string PaperId = "2511.90001";

    public DigestMailerApp App { get; private set; } = null!;

    public HttpClient Browser { get; private set; } = null!;

    public string Antiforgery { get; private set; } = "";

    public HttpClient Admin { get; private set; } = null!;

    public LinkTokens Tokens => App.Service<LinkTokens>();

    public DateTimeOffset Now => App.Clock.GetUtcNow();

    public async ValueTask InitializeAsync()
    {
        // The per-client limits of the preview and /papers (some 50 requests) and of sign-up (some 520, near the test
        // hosts' 1,000 a minute) would answer the corpus with 429s before its inputs were tried.
        App = await DigestMailerApp.StartAsync(new Dictionary<string, string?>
        {
            ["Subscriptions:PreviewsPerMinutePerIp"] = "100000",
            ["Subscriptions:SignupsPerMinutePerIp"] = "100000",
        });
        await App.SubscribeAsync(new Signup(Email, ["diffusion models"]) { Likes = [PaperId] });
        await App.IngestAsync(PaperBuilder.Titled("Diffusion Models for Quantization").WithId(PaperId));
        (Browser, Antiforgery) = await App.BrowserAsync();
        Admin = App.CreateAdminClient();
        (await PostFormAsync(FeedbackPath(Tokens.Create(LinkPurpose.Preferences, 1), PaperId, "less"), [])).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    /// <summary>Every row a request could add or change, and every mail that went out.</summary>
    public async Task<string> StateAsync()
    {
        await using var connection = await App.Service<DbConnectionFactory>().OpenAsync(CancellationToken.None);
        // Portable SQL only: the same corpus runs on SQLite and on PostgreSQL.
        var counts = await connection.QuerySingleAsync<(long, long, long, long, long, long)>(
            """
            SELECT (SELECT COUNT(*) FROM subscribers), (SELECT COUNT(*) FROM mail_outbox), (SELECT COUNT(*) FROM papers),
                   (SELECT COUNT(*) FROM digest_runs), (SELECT COUNT(*) FROM ingest_runs), (SELECT COUNT(*) FROM address_mail_limits)
            """);
        var ada = await connection.QuerySingleOrDefaultAsync<(string, string?, string, long, string, long?, long?)>(
            "SELECT status, pending_topics, frequency, send_hour, time_zone, max_papers, paused_at FROM subscribers WHERE id = 1");
        var topics = await connection.QueryAsync<string>("SELECT topic FROM subscriber_topics WHERE subscriber_id = 1 ORDER BY position");
        // A sign-up is answered once received and applied to subscribers later: its received row counts as stored.
        var later = await connection.QuerySingleAsync<(long, long, long, long)>(
            """
            SELECT (SELECT COUNT(*) FROM digests), (SELECT COUNT(*) FROM delivery_reports), (SELECT COUNT(*) FROM unknown_liked_ids),
                   (SELECT COUNT(*) FROM address_requests)
            """);
        var choices = await connection.QuerySingleOrDefaultAsync<(long, long?, string?)>("SELECT trending, pending_trending, pending_likes FROM subscribers WHERE id = 1");
        var likes = await connection.QueryAsync<(long, string)>("SELECT subscriber_id, arxiv_id FROM subscriber_likes ORDER BY subscriber_id, arxiv_id");
        var votes = await connection.QueryAsync<(long, long, long, long)>(
            "SELECT subscriber_id, paper_id, vote, created_at FROM paper_feedback ORDER BY subscriber_id, paper_id");
        var rows = $"{counts} {later} counts; ada: {ada} {choices} {string.Join('|', topics)}; likes {string.Join('|', likes)}; votes {string.Join('|', votes)}";
        return $"{rows}; {App.Inbox.Messages.Count} mails sent";
    }

    /// <summary>A "more / less like this" link of a digest, as the mail writes it.</summary>
    public static string FeedbackPath(string token, string paper, string vote) =>
        $"/feedback?token={Uri.EscapeDataString(token)}&paper={Uri.EscapeDataString(paper)}&vote={Uri.EscapeDataString(vote)}";

    public Task<HttpResponseMessage> GetAsync(string path, HttpClient? client = null) => (client ?? Browser).GetAsync(path);

    public async Task<HttpResponseMessage> PostAsync(string path, byte[] body, string? contentType, HttpClient? client = null, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await (client ?? Browser).SendAsync(request);
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json, HttpClient? client = null) =>
        PostAsync(path, Encoding.UTF8.GetBytes(json), "application/json", client);

    /// <summary>Posts a form as the page's own would, anti-forgery field included unless <paramref name="forged"/>.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, bool forged = false)
    {
        var all = forged ? fields : fields.Append(new("__RequestVerificationToken", Antiforgery));
        var body = string.Join('&', all.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
        return PostAsync(path, Encoding.UTF8.GetBytes(body), "application/x-www-form-urlencoded");
    }

    /// <summary>Posts a form with a file as the page's own would (multipart, anti-forgery field included).</summary>
    public async Task<HttpResponseMessage> PostFormWithFileAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string field, string fileName, byte[] bytes)
    {
        using var form = new MultipartFormDataContent { { new StringContent(Antiforgery), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        form.Add(new ByteArrayContent(bytes), field, fileName);
        return await Browser.PostAsync(path, form);
    }
}
