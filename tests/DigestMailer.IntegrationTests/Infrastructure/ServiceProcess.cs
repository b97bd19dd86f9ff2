using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace DigestMailer.IntegrationTests.Infrastructure;

/// <summary>
/// The service as a child process with its settings in environment variables, as an operator runs it: the built
/// src/DigestMailer output, or the published build (<see cref="ScaleOut.PublishedBuild"/>). Killed with SIGKILL, as a
/// crash or the OOM killer would, or stopped with SIGTERM, as systemd or Docker stop it.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly StringBuilder output = new();

    ServiceProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>The last lines the service wrote, for a failure message.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <param name="folder">Where DigestMailer.dll is; by default the built output of src/DigestMailer.</param>
    public static ServiceProcess Start(IReadOnlyDictionary<string, string> environment, string? folder = null)
    {
        folder ??= typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DigestMailerOutput").Value!;
        var dll = Path.Combine(folder, "DigestMailer.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build src/DigestMailer (the test project's reference does).");
        var start = new ProcessStartInfo(DotnetHost(), [dll])
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // appsettings.json is read from the content root, which would otherwise be the working directory.
        start.Environment["ASPNETCORE_CONTENTROOT"] = folder;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the service."));
    }

    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Assert.False(Process.HasExited, $"The service exited with code {(Process.HasExited ? Process.ExitCode : 0)}:\n{Output}");
            try
            {
                if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"The service was not healthy within {timeout}:\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: no shutdown, no finally blocks, nothing flushed that was not committed.</summary>
    public async Task KillAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        await Process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, and the wait for the process to end by itself.</summary>
    public async Task TerminateAsync(TimeSpan within)
    {
        using (var signal = Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(within);
        await Process.WaitForExitAsync(timeout.Token);
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host that runs this process, so the child uses the same runtime.</summary>
    static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length > 20_000)
            {
                output.Remove(0, output.Length - 10_000);
            }

            output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Process.Dispose();
    }
}
