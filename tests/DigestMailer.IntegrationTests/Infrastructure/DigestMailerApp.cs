using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DigestMailer.IntegrationTests.Infrastructure;

/// <summary>
/// The real host on a fresh SQLite file in a temporary folder, with Hangfire's real server, mail going over SMTP
/// to an in-process <see cref="SmtpSink"/>, and a clock the test moves.
/// </summary>
public sealed class DigestMailerApp : WebApplicationFactory<Program>
{
    public const string AdminKey = TestHostSettings.AdminKey;
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);

    readonly Dictionary<string, string?> settings;
    readonly string environment;
    bool keepState;

    DigestMailerApp(string dataDirectory, SmtpSink inbox, FakeTimeProvider clock, Dictionary<string, string?> settings, string environment)
    {
        DataDirectory = dataDirectory;
        Inbox = inbox;
        Clock = clock;
        this.settings = settings;
        this.environment = environment;
    }

    public string DataDirectory { get; }

    public SmtpSink Inbox { get; }

    public FakeTimeProvider Clock { get; }

    public static async Task<DigestMailerApp> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var (directory, inbox) = await NewStateAsync();
        var all = TestHostSettings.For(directory, inbox.Port, "http://localhost");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return Started(new DigestMailerApp(directory, inbox, new FakeTimeProvider(Start), all, "Testing"));
    }

    /// <summary>
    /// The host as it ships: Production, the project's own <c>appsettings.json</c> and the options' defaults, with
    /// only its databases, its mail and its paper sources kept inside the test (<see cref="TestHostSettings.Isolation"/>).
    /// </summary>
    public static async Task<DigestMailerApp> StartAsShippedAsync(string sourcesUrl)
    {
        var (directory, inbox) = await NewStateAsync();
        return Started(new DigestMailerApp(
            directory, inbox, new FakeTimeProvider(Start), TestHostSettings.Isolation(directory, inbox.Port, sourcesUrl), "Production"));
    }

    static async Task<(string Directory, SmtpSink Inbox)> NewStateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "digestmailer-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return (directory, await SmtpSink.StartAsync());
    }

    static DigestMailerApp Started(DigestMailerApp app)
    {
        try
        {
            app.StartServer();
            return app;
        }
        catch
        {
            // A host that refuses to start (a bad setting) leaves no sink listening and no folder behind.
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Stops this host as a crash or a deploy would, and starts a new one on the same database and inbox.</summary>
    public async Task<DigestMailerApp> RestartAsync()
    {
        keepState = true;
        await DisposeAsync();
        return Started(new DigestMailerApp(DataDirectory, Inbox, Clock, settings, environment));
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, LoopbackClient>();
        });
    }

    /// <summary>TestServer requests have no remote address; a browser on the same machine comes from loopback.</summary>
    sealed class LoopbackClient : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (keepState)
        {
            return;
        }

        await Inbox.DisposeAsync();
        TestStorage.Remove(DataDirectory);
    }
}
