using System.Globalization;

namespace DigestMailer.Bench;

/// <summary>Prints figures as they are measured and repeats the ones that have a target at the end.</summary>
sealed class Report
{
    readonly List<string> results = [];

    public static void Info(string text) => Console.WriteLine("  " + text);

    /// <summary>A figure with the design's target: one line, with whether the target is met.</summary>
    public void Result(string scenario, string figure, string target, bool met)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"[{scenario}] {figure} | target {target} | {(met ? "MET" : "NOT MET")}");
        Console.WriteLine("  " + line);
        results.Add(line);
    }

    public void Error(string scenario, Exception ex)
    {
        var line = $"[{scenario}] FAILED: {ex.GetType().Name}: {ex.Message}";
        Console.WriteLine("  " + line);
        Console.WriteLine(ex);
        results.Add(line);
    }

    public void PrintSummary(TimeSpan elapsed)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"=== summary ({elapsed.TotalSeconds:F0} s in all) ==="));
        foreach (var line in results)
        {
            Console.WriteLine(line);
        }
    }
}
