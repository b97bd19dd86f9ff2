using System.Diagnostics;

namespace DigestMailer.IntegrationTests.ScaleOut;

/// <summary>The service as `dotnet publish` makes it, published once per test run into a temporary folder.</summary>
public static class PublishedBuild
{
    static readonly SemaphoreSlim Once = new(1, 1);
    static string? directory;

    public static async Task<string> DirectoryAsync()
    {
        await Once.WaitAsync();
        try
        {
            return directory ??= await PublishAsync();
        }
        finally
        {
            Once.Release();
        }
    }

    static async Task<string> PublishAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "digestmailer-published", Guid.NewGuid().ToString("N"));
        var project = Path.Combine(RepositoryRoot(), "src", "DigestMailer", "DigestMailer.csproj");
        using var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = Task.WhenAll(publish.StandardOutput.ReadToEndAsync(), publish.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await publish.WaitForExitAsync(timeout.Token);
        var text = string.Concat(await log);
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed: {text}");
        return output;
    }

    static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DigestMailer.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("DigestMailer.sln not found above the test binaries.");
    }
}
