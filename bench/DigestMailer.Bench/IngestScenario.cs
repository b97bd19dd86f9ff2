using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DigestMailer.Papers;

namespace DigestMailer.Bench;

/// <summary>
/// Design target: 10,000 papers parsed and indexed in at most 2 s (lowered from 5 s on 2026-12-03). A body in the Hugging Face <c>GET /api/daily_papers</c>
/// shape (as tests/Samples/hf_daily_papers.json) goes through what <c>POST /api/admin/papers</c> does with it:
/// <see cref="JsonDocument"/>, <see cref="HuggingFacePaperParser.Parse"/>, <see cref="PaperStore.UpsertAsync"/> into a
/// fresh migrated database, where FTS5 triggers index every row in the same transaction.
/// </summary>
static class IngestScenario
{
    const int Papers = 10_000;
    static readonly TimeSpan Target = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(Report report, CancellationToken cancellationToken)
    {
        using var folder = new TempFolder("ingest");
        var corpus = new MlCorpus(seed: 4);
        var body = DailyPapersJson(corpus, Papers, firstNumber: 1);
        Report.Info($"body: {Papers:N0} entries, {body.Length / 1024.0 / 1024.0:F1} MB of JSON");

        // Warm-up on a throwaway database: JIT of the parser, Dapper's generated mappers and SQLite's first use.
        await using (var warm = AppServices.Create(folder.Sub("warmup")))
        {
            await IngestAsync(warm, DailyPapersJson(new MlCorpus(seed: 5), 200, firstNumber: 90_001), cancellationToken);
        }

        await using var app = AppServices.Create(folder.Sub("db"));
        var first = await IngestAsync(app, body, cancellationToken);
        Expect(first.Counts.Inserted, Papers, "inserted");
        Report.Info($"new papers: parse {first.Parse.TotalSeconds:F2} s (JSON {first.Json.TotalSeconds:F2} s + HuggingFacePaperParser {(first.Parse - first.Json).TotalSeconds:F2} s), " +
            $"store and index {first.Store.TotalSeconds:F2} s; {first.Counts.Inserted:N0} inserted");

        // A second day's ingest of the same papers (upvotes move): every row is an update, and its FTS row is replaced.
        var again = await IngestAsync(app, body, cancellationToken);
        Expect(again.Counts.Updated, Papers, "updated");
        Report.Info($"same {Papers:N0} again (all updates): {again.Total.TotalSeconds:F2} s (parse {again.Parse.TotalSeconds:F2} s, store {again.Store.TotalSeconds:F2} s)");

        report.Result(
            "ingest",
            $"{Papers:N0} new papers parsed + stored + FTS-indexed: {first.Total.TotalSeconds:F2} s",
            first.Total.TotalSeconds,
            "s",
            Target.TotalSeconds,
            higherIsBetter: false);
    }

    static async Task<(TimeSpan Json, TimeSpan Parse, TimeSpan Store, TimeSpan Total, UpsertCounts Counts)> IngestAsync(
        AppServices app, byte[] body, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var document = JsonDocument.Parse(body);
        var json = watch.Elapsed;
        var parsed = HuggingFacePaperParser.Parse(document.RootElement);
        if (parsed.Errors.Count > 0)
        {
            throw new InvalidOperationException("The generated body does not parse: " + string.Join("; ", parsed.Errors.Select(e => $"{e.Key}: {e.Value[0]}")));
        }

        var parse = watch.Elapsed;
        var counts = await app.Get<PaperStore>().UpsertAsync(parsed.Papers, cancellationToken);
        var total = watch.Elapsed;
        return (json, parse, total - parse, total, counts);
    }

    /// <summary>Entries shaped like the real API's: the paper object with authors, links and AI fields, and the fields beside it.</summary>
    static byte[] DailyPapersJson(MlCorpus corpus, int count, int firstNumber)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var published = DateTimeOffset.UtcNow.AddDays(-1);
            json.WriteStartArray();
            for (var n = firstNumber; n < firstNumber + count; n++)
            {
                var paper = corpus.Paper(n, published);
                var id = string.Create(CultureInfo.InvariantCulture, $"{paper.ArxivId}v{1 + (n % 3)}");
                var summary = Wrap(paper.Abstract);
                json.WriteStartObject();
                json.WriteStartObject("paper");
                json.WriteString("id", id);
                json.WriteStartArray("authors");
                var a = 0;
                foreach (var author in paper.Authors)
                {
                    json.WriteStartObject();
                    json.WriteString("_id", string.Create(CultureInfo.InvariantCulture, $"68bd{n:x8}{a++:x12}"));
                    json.WriteString("name", author);
                    json.WriteBoolean("hidden", false);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteString("publishedAt", published);
                json.WriteString("submittedOnDailyAt", published.AddHours(8));
                json.WriteString("title", paper.Title);
                json.WriteString("summary", summary);
                json.WriteNumber("upvotes", paper.Upvotes ?? 0);
                json.WriteString("discussionId", string.Create(CultureInfo.InvariantCulture, $"68bd{n:x20}"));
                if (paper.ProjectPage is not null)
                {
                    json.WriteString("projectPage", paper.ProjectPage);
                }

                if (paper.GithubRepo is not null)
                {
                    json.WriteString("githubRepo", paper.GithubRepo);
                    json.WriteNumber("githubStars", paper.GithubStars ?? 0);
                }

                json.WriteString("ai_summary", paper.AiSummary);
                json.WriteStartArray("ai_keywords");
                foreach (var keyword in paper.AiKeywords)
                {
                    json.WriteStringValue(keyword);
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteString("publishedAt", published);
                json.WriteString("title", paper.Title);
                json.WriteString("summary", summary);
                json.WriteString("thumbnail", $"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{paper.ArxivId}.png");
                json.WriteNumber("numComments", paper.NumComments ?? 0);
                json.WriteBoolean("isAuthorParticipating", n % 4 == 0);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.ToArray();
    }

    // The API's abstracts come wrapped at about 80 columns, as arXiv's are.
    static string Wrap(string text)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' '))
        {
            if (line.Length + word.Length + 1 > 80 && line.Length > 0)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = line.Length == 0 ? word : line + " " + word;
            }
        }

        lines.Add(line);
        return string.Join('\n', lines);
    }

    static void Expect(int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{what}: expected {expected:N0}, got {actual:N0}.");
        }
    }
}
