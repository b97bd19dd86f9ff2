using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DigestMailer.IntegrationTests.ScaleOut;

/// <summary>One DigestMailer process of the published build, configured as an operator would: by environment variables.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    readonly Process process;
    readonly StringBuilder log = new();

    HostProcess(Process process, string url)
    {
        this.process = process;
        Url = url;
        Client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Url { get; }

    public HttpClient Client { get; }

    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static async Task<HostProcess> StartAsync(string publishedDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreeLoopbackPort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(publishedDirectory, "DigestMailer.dll")])
        {
            WorkingDirectory = publishedDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["ASPNETCORE_CONTENTROOT"] = publishedDirectory;
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var host = new HostProcess(Process.Start(start)!, url);
        host.process.OutputDataReceived += (_, line) => host.Append(line.Data);
        host.process.ErrorDataReceived += (_, line) => host.Append(line.Data);
        host.process.BeginOutputReadLine();
        host.process.BeginErrorReadLine();
        await Eventually.HoldsAsync(host.IsHealthyAsync, $"{url}/healthz answered 200 (log: {host.Log})", TimeSpan.FromSeconds(60));
        return host;
    }

    async Task<bool> IsHealthyAsync()
    {
        Assert.False(process.HasExited, $"The host exited during start-up: {Log}");
        try
        {
            return (await Client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>A crash: the process gets no chance to finish anything.</summary>
    public void Kill() => process.Kill();

    /// <summary>What systemd or Docker sends to stop a service.</summary>
    public async Task TerminateAsync(TimeSpan within)
    {
        using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(within);
        await process.WaitForExitAsync(timeout.Token);
    }

    void Append(string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Client.Dispose();
    }
}
