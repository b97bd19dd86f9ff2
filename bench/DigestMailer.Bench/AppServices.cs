using DigestMailer.Data;
using DigestMailer.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DigestMailer.Bench;

/// <summary>
/// The service's own composition (<c>AddDigestMailer</c>) on a fresh SQLite file in a temporary folder, migrated by
/// its <see cref="DatabaseMigrator"/>. The host is built but never started: no Hangfire server, no outbox dispatcher,
/// no Kestrel; the benchmark calls the planner, the stores and the send-batch job itself.
/// </summary>
sealed class AppServices : IAsyncDisposable
{
    readonly WebApplication app;

    AppServices(WebApplication app, string directory)
    {
        this.app = app;
        Directory = directory;
    }

    public string Directory { get; }

    public IServiceProvider Services => app.Services;

    public DbConnectionFactory Database => Get<DbConnectionFactory>();

    public static AppServices Create(string directory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        var database = BenchDatabase.Create(directory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = directory,
            EnvironmentName = Environments.Production,
        });
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:DigestMailer"] = database.Application,
            ["ConnectionStrings:Hangfire"] = database.Jobs,
            ["App:BaseUrl"] = "http://localhost:5000",
            ["Smtp:PickupDirectory"] = Path.Combine(directory, "outbox"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddDigestMailer();
        var app = builder.Build();
        app.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        app.PrepareJobStorage();
        return new AppServices(app, directory);
    }

    public T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        var connectionString = Database.ConnectionString;
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        BenchDatabase.Drop(connectionString);
    }
}

/// <summary>A temporary folder that is removed with everything in it when the scenario ends.</summary>
sealed class TempFolder : IDisposable
{
    public TempFolder(string name)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "digestmailer-bench", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    readonly List<string> databases = [];

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A PostgreSQL database made for the scenario (<see cref="BenchDatabase"/>), dropped with the folder.</summary>
    public void DropOnDispose(string connectionString) => databases.Add(connectionString);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        databases.ForEach(BenchDatabase.Drop);
        try
        {
            Directory.Delete(Path, recursive: true);
            var parent = System.IO.Path.GetDirectoryName(Path)!;
            if (!Directory.EnumerateFileSystemEntries(parent).Any())
            {
                Directory.Delete(parent);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.WriteLine($"  (could not remove {Path}: {ex.Message})");
        }
    }
}
