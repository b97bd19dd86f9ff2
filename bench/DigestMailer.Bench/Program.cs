using System.Diagnostics;
using System.Runtime.InteropServices;
using DigestMailer.Bench;

// dotnet run -c Release --project bench/DigestMailer.Bench [plan|send|signup|ingest|relevance|all] [--json PATH]
var scenarios = new Dictionary<string, Func<Report, CancellationToken, Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["plan"] = PlanScenario.RunAsync,
    ["send"] = SendScenario.RunAsync,
    ["signup"] = SignupScenario.RunAsync,
    ["ingest"] = IngestScenario.RunAsync,
    ["relevance"] = RelevanceScenario.RunAsync,
};

// --json PATH: the figures also as JSON, an array of {scenario, engine, figure, unit, target, met}.
var jsonAt = Array.IndexOf(args, "--json");
if (jsonAt >= 0 && jsonAt == args.Length - 1)
{
    Console.Error.WriteLine("--json needs a path.");
    return 2;
}

var jsonPath = jsonAt >= 0 ? Path.GetFullPath(args[jsonAt + 1]) : null;
var names = jsonAt >= 0 ? args.Where((_, i) => i != jsonAt && i != jsonAt + 1).ToList() : args.ToList();
var selected = names.Count == 0 || names[0].Equals("all", StringComparison.OrdinalIgnoreCase)
    ? scenarios.Keys.ToList()
    : names;
var unknown = selected.Where(name => !scenarios.ContainsKey(name)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown scenario '{string.Join("', '", unknown)}'. Use one or more of: {string.Join(", ", scenarios.Keys)}, or all (the default).");
    return 2;
}

#if DEBUG
Console.WriteLine("WARNING: this is a Debug build; the figures mean something only with -c Release.");
#endif
Console.WriteLine($"DigestMailer benchmark: {string.Join(", ", selected)} on {BenchDatabase.Engine} (PostgreSQL when {BenchDatabase.ServerVariable} names a server), {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
if (File.Exists("/proc/loadavg"))
{
    // Other work on the same cores skews every figure; the load average at the start says whether there was any.
    Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
}

// Every scenario has its own bounds; this is the backstop that makes the harness stop by itself whatever happens.
using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(6));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var report = new Report();
var total = Stopwatch.StartNew();
var failed = false;
foreach (var name in selected)
{
    Console.WriteLine();
    Console.WriteLine($"=== {name} ===");
    var watch = Stopwatch.StartNew();
    try
    {
        await scenarios[name](report, stop.Token);
    }
    catch (Exception ex) when (ex is not OutOfMemoryException)
    {
        failed = true;
        report.Error(name, ex);
    }

    Console.WriteLine($"--- {name} took {watch.Elapsed.TotalSeconds:F1} s");
}

report.PrintSummary(total.Elapsed);
if (jsonPath is not null)
{
    report.WriteJson(jsonPath);
    Console.WriteLine($"figures written to {jsonPath}");
}

return failed ? 1 : 0;
