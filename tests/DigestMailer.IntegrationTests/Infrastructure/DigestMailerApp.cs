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
    bool keepState;

    DigestMailerApp(string dataDirectory, SmtpSink inbox, FakeTimeProvider clock, IReadOnlyDictionary<string, string?>? overrides)
    {
        DataDirectory = dataDirectory;
        Inbox = inbox;
        Clock = clock;
        settings = TestHostSettings.For(dataDirectory, inbox.Port, "http://localhost");
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    public SmtpSink Inbox { get; }

    public FakeTimeProvider Clock { get; }

    public static async Task<DigestMailerApp> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "digestmailer-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var app = new DigestMailerApp(directory, await SmtpSink.StartAsync(), new FakeTimeProvider(Start), settings);
        try
        {
            app.StartServer();
        }
        catch
        {
            // A host whose options were refused at start-up still owns its sink and folder.
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>Stops this host as a crash or a deploy would, and starts a new one on the same database and inbox.</summary>
    public async Task<DigestMailerApp> RestartAsync()
    {
        keepState = true;
        await DisposeAsync();
        var app = new DigestMailerApp(DataDirectory, Inbox, Clock, settings);
        app.StartServer();
        return app;
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
        builder.UseEnvironment("Testing");
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
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean from the temp folder.
        }
    }
}
