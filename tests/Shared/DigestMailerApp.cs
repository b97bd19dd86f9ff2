using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace DigestMailer.Testing;

/// <summary>
/// The real host on a fresh database (a SQLite file in a temporary folder, or a PostgreSQL database of its own on the
/// PostgreSQL pass), with Hangfire's real server, mail going over SMTP to an in-process <see cref="SmtpSink"/>, and a
/// clock the test moves. In memory (TestServer) for the integration tests, or served by Kestrel on a loopback port
/// (<see cref="StartOnLoopbackAsync"/>) for a browser; links in its mails point at <see cref="BaseUrl"/> either way.
/// </summary>
public sealed class DigestMailerApp : WebApplicationFactory<Program>
{
    public const string AdminKey = TestHostSettings.AdminKey;
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);

    readonly Dictionary<string, string?> settings;
    readonly string environment;
    bool keepState;

    readonly int? port;

    /// <summary>A background service left out of this host, or null for all of them.</summary>
    Type? withoutService;

    DigestMailerApp(string dataDirectory, SmtpSink inbox, FakeTimeProvider clock, Dictionary<string, string?> settings, string environment, int? port = null)
    {
        DataDirectory = dataDirectory;
        Inbox = inbox;
        Clock = clock;
        this.settings = settings;
        this.environment = environment;
        this.port = port;
        BaseUrl = port is { } listening ? $"http://127.0.0.1:{listening}" : "http://localhost";
        ClientOptions.BaseAddress = new Uri(BaseUrl);
        if (port is { } kestrelPort)
        {
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, kestrelPort));
        }
    }

    public string DataDirectory { get; }

    /// <summary>Where a client finds the service, and the base of every link in its mails.</summary>
    public string BaseUrl { get; }

    public SmtpSink Inbox { get; }

    public FakeTimeProvider Clock { get; }

    public static Task<DigestMailerApp> StartAsync(IReadOnlyDictionary<string, string?>? settings = null) => StartAsync(settings, port: null);

    /// <summary>The host served by Kestrel on a free 127.0.0.1 port, so a browser can reach it and follow its mails' links.</summary>
    public static async Task<DigestMailerApp> StartOnLoopbackAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartAsync(settings, FreeLoopbackPort());
            }
            catch (IOException ex) when (ex.InnerException is AddressInUseException && attempt < 5)
            {
                // Something else took the free port between the probe and Kestrel's bind (seen in CI): another one.
            }
        }
    }

    static async Task<DigestMailerApp> StartAsync(IReadOnlyDictionary<string, string?>? settings, int? port, Type? withoutService = null)
    {
        var (directory, inbox) = await NewStateAsync();
        var all = TestHostSettings.For(directory, inbox.Port, port is null ? "http://localhost" : $"http://127.0.0.1:{port}");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return Started(new DigestMailerApp(directory, inbox, new FakeTimeProvider(Start), all, "Testing", port) { withoutService = withoutService });
    }

    /// <summary>
    /// The test host without one of its background services, so a test sees what a request does before that service
    /// takes over; the test runs the service's steps itself.
    /// </summary>
    public static Task<DigestMailerApp> StartWithoutAsync<THostedService>()
        where THostedService : IHostedService => StartAsync(settings: null, port: null, typeof(THostedService));

    /// <summary>A port nobody listens on right now; Kestrel takes it a moment later.</summary>
    static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
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
        return Started(new DigestMailerApp(DataDirectory, Inbox, Clock, settings, environment, port) { withoutService = withoutService });
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
            if (withoutService is { } left)
            {
                foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == left).ToList())
                {
                    services.Remove(hosted);
                }
            }
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
