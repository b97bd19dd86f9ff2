using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace DigestMailer.BrowserTests.Infrastructure;

/// <summary>
/// The real host served by Kestrel on a free 127.0.0.1 port, so a browser can reach it: a fresh SQLite file in a
/// temporary folder, Hangfire's real server, mail over SMTP into an in-process <see cref="SmtpSink"/>, and a
/// fixed clock. Links in mails point at this port, so a test follows them as a reader would.
/// </summary>
public sealed class DigestMailerHost : WebApplicationFactory<Program>
{
    public const string AdminKey = TestHostSettings.AdminKey;

    /// <summary>The digest date the tests run; the clock stands at 06:00 UTC that day.</summary>
    public const string DigestDate = "2026-11-25";

    readonly string dataDirectory;
    readonly Dictionary<string, string?> settings;
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero));

    DigestMailerHost(string dataDirectory, SmtpSink inbox, int port)
    {
        this.dataDirectory = dataDirectory;
        Inbox = inbox;
        BaseUrl = $"http://127.0.0.1:{port}";
        Admin = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        Admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        settings = TestHostSettings.For(dataDirectory, inbox.Port, BaseUrl);
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
    }

    /// <summary>Where the browser finds the service, and the base of every link in its mails.</summary>
    public string BaseUrl { get; }

    public SmtpSink Inbox { get; }

    /// <summary>An HTTP client for the admin API, with the key.</summary>
    public HttpClient Admin { get; }

    public static async Task<DigestMailerHost> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "digestmailer-browser-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var host = new DigestMailerHost(directory, await SmtpSink.StartAsync(), FreeLoopbackPort());
        host.StartServer();
        return host;
    }

    /// <summary>Signs up and confirms through the JSON API: the set-up of tests about what comes after.</summary>
    public Task SubscribeAsync(string email, params string[] topics) => SubscribeAsync(email, trending: false, topics);

    /// <inheritdoc cref="SubscribeAsync(string, string[])"/>
    public async Task SubscribeAsync(string email, bool trending, string[] topics)
    {
        var before = Inbox.To(email).Count;
        (await Admin.PostAsJsonAsync("/api/subscriptions", new { email, topics, trending })).EnsureSuccessStatusCode();
        var token = TokenFrom(LinkIn((await Inbox.WaitForAsync(email, before + 1))[^1], "/confirm"));
        (await Admin.PostAsJsonAsync("/api/subscriptions/confirm", new { token })).EnsureSuccessStatusCode();
    }

    /// <summary>Ingests papers through the admin API (the Hugging Face daily_papers shape).</summary>
    public async Task IngestAsync(params JsonObject[] papers)
    {
        var body = new JsonArray(papers.Select(p => (JsonNode)p).ToArray()).ToJsonString();
        (await Admin.PostAsync("/api/admin/papers", new StringContent(body, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
    }

    /// <summary>Runs the digest of <see cref="DigestDate"/> through the admin API and returns the mail it sent to the address.</summary>
    public async Task<MimeMessage> RunDigestAsync(string email)
    {
        var before = Inbox.To(email).Count;
        var started = await Admin.PostAsJsonAsync("/api/admin/digests/run", new { date = DigestDate });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return (await Inbox.WaitForAsync(email, before + 1))[^1];
    }

    /// <summary>A subscriber with one digest in the inbox, whose links the test then follows.</summary>
    public async Task<MimeMessage> DigestForAsync(string email, string topic)
    {
        await SubscribeAsync(email, topic);
        await IngestAsync(SamplePapers.Paper("2511.00001", $"A Study of {topic}", $"We look at {topic} from every side."));
        return await RunDigestAsync(email);
    }

    /// <summary>What the admin API says about the address, or null once it answers 404.</summary>
    public async Task<JsonElement?> SubscriberAsync(string email)
    {
        var response = await Admin.GetAsync($"/api/admin/subscribers?email={Uri.EscapeDataString(email)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The first link in the mail's HTML part to a path of this service starting with <paramref name="path"/>.</summary>
    public string LinkIn(MimeMessage message, string path)
    {
        var match = Regex.Match(message.HtmlBody ?? "", $@"href=""({Regex.Escape(BaseUrl + path)}[^""]*)""");
        Assert.True(match.Success, $"No link to {path} in the mail '{message.Subject}'.");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    static string TokenFrom(string url) => Uri.UnescapeDataString(new Uri(url).Query.Split("token=")[1].Split('&')[0]);

    /// <summary>A port nobody listens on right now; Kestrel takes it a moment later.</summary>
    static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Admin.Dispose();
        await Inbox.DisposeAsync();
        TestStorage.Remove(dataDirectory);
    }
}
