using System.Globalization;
using System.Text.Json;

namespace DigestMailer.Bench;

/// <summary>
/// Prints figures as they are measured and repeats the ones that have a target at the end; with <c>--json PATH</c>
/// also writes them there, one object per figure, so a run can be compared with the last one.
/// </summary>
sealed class Report
{
    static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    readonly List<string> lines = [];
    readonly List<Measured> figures = [];

    public static void Info(string text) => Console.WriteLine("  " + text);

    /// <summary>A figure with the design's target: one line, with whether the target is met.</summary>
    /// <param name="scenario">The figure's name in the JSON (plan, send-2, …).</param>
    /// <param name="text">What was measured, with the figure in it.</param>
    /// <param name="higherIsBetter">Whether the target is a floor (≥) or a ceiling (≤).</param>
    /// <param name="valid">False when the run itself went wrong (such as answers other than the expected one).</param>
    public void Result(string scenario, string text, double figure, string unit, double target, bool higherIsBetter, bool valid = true)
    {
        var met = valid && (higherIsBetter ? figure >= target : figure <= target);
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"[{scenario}] {text} | target {(higherIsBetter ? "≥" : "≤")} {target:#,0.##} {unit} | {(met ? "MET" : "NOT MET")}");
        Console.WriteLine("  " + line);
        lines.Add(line);
        figures.Add(new Measured(scenario, BenchDatabase.Engine.ToString(), Math.Round(figure, 3), unit, target, met));
    }

    /// <summary>A figure without a target (such as peak memory), for the JSON and the summary.</summary>
    public void Measure(string scenario, string text, double figure, string unit)
    {
        var line = $"[{scenario}] {text}";
        Console.WriteLine("  " + line);
        lines.Add(line);
        figures.Add(new Measured(scenario, BenchDatabase.Engine.ToString(), Math.Round(figure, 3), unit, null, null));
    }

    public void Error(string scenario, Exception ex)
    {
        var line = $"[{scenario}] FAILED: {ex.GetType().Name}: {ex.Message}";
        Console.WriteLine("  " + line);
        Console.WriteLine(ex);
        lines.Add(line);
    }

    public void PrintSummary(TimeSpan elapsed)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"=== summary ({elapsed.TotalSeconds:F0} s in all) ==="));
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }
    }

    public void WriteJson(string path) => File.WriteAllText(path, JsonSerializer.Serialize(figures, JsonOptions));

    sealed record Measured(string Scenario, string Engine, double Figure, string Unit, double? Target, bool? Met);
}
