using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace DigestMailer.Testing;

/// <summary>
/// The service as a child process with its settings in environment variables, as an operator runs it: the built
/// src/DigestMailer output (named by the calling project's DigestMailerOutput assembly metadata) or another folder such
/// as a published build. Killed with SIGKILL, as a crash or the OOM killer would, or stopped with SIGTERM, as systemd or
/// Docker stop it; killed with its tree when the runner exits, so no child outlives a test run or a benchmark.
/// Compiled into the integration tests and the benchmark.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable, IDisposable
{
    readonly StringBuilder output = new();

    ServiceProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += OnExit;
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
    /// <param name="arguments">Command-line arguments, such as a command (<c>dkim-record</c>) instead of the service.</param>
    public static ServiceProcess Start(IReadOnlyDictionary<string, string> environment, string? folder = null, IReadOnlyList<string>? arguments = null)
    {
        folder ??= typeof(ServiceProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DigestMailerOutput").Value!;
        var dll = Path.Combine(folder, "DigestMailer.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build src/DigestMailer (the project reference does).", dll);
        }

        var start = new ProcessStartInfo(DotnetHost(), [dll, .. arguments ?? []])
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

    /// <summary>Waits until /healthz answers 200; fails at once when the process exits, or after <paramref name="timeout"/>.</summary>
    /// <returns>How long the wait took.</returns>
    public async Task<TimeSpan> WaitHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with code {Process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/healthz", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return watch.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"The service was not healthy within {timeout}:\n{Output}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>SIGKILL: no shutdown, no finally blocks, nothing flushed that was not committed.</summary>
    public async Task KillAsync()
    {
        Kill();
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

    void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
    }

    void OnExit(object? sender, EventArgs e) => Kill();

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
        Dispose();
    }

    public void Dispose()
    {
        Kill();
        Process.WaitForExit(10_000);
        AppDomain.CurrentDomain.ProcessExit -= OnExit;
        Process.Dispose();
    }
}
