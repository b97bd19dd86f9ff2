using System.Globalization;
using System.Text.Json;

namespace DigestMailer.Papers;

public sealed record PaperParseResult(IReadOnlyList<PaperRecord> Papers, int Received, int Withdrawn, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// Reads the Hugging Face <c>GET /api/daily_papers</c> shape: an array of entries, each with a <c>paper</c> object
/// (id, title, summary, authors, upvotes, links) and a few fields beside it (numComments).
/// </summary>
public static class HuggingFacePaperParser
{
    public static PaperParseResult Parse(JsonElement root)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Array)
        {
            errors["body"] = ["The body must be a JSON array of Daily Papers entries."];
            return new PaperParseResult([], 0, 0, errors);
        }

        var papers = new List<PaperRecord>();
        var withdrawn = 0;
        var index = 0;
        foreach (var entry in root.EnumerateArray())
        {
            var field = $"[{index++}]";
            if (entry.ValueKind != JsonValueKind.Object)
            {
                errors[field] = ["Each entry must be an object with a 'paper'."];
                continue;
            }

            var paper = entry.TryGetProperty("paper", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : entry;
            if (String(paper, "withdrawnAt") is not null)
            {
                withdrawn++;
                continue;
            }

            if (!ArxivId.TryNormalize(String(paper, "id"), out var arxivId))
            {
                errors[field + ".paper.id"] = ["An arXiv id such as 2509.04664 is required."];
                continue;
            }

            var title = Clean(String(paper, "title") ?? String(entry, "title"));
            if (string.IsNullOrEmpty(title))
            {
                errors[field + ".paper.title"] = ["A title is required."];
                continue;
            }

            papers.Add(new PaperRecord
            {
                ArxivId = arxivId,
                Title = title,
                Abstract = Clean(String(paper, "summary") ?? String(entry, "summary")) ?? "",
                Authors = Authors(paper),
                PublishedAt = Date(String(paper, "publishedAt") ?? String(entry, "publishedAt")),
                OnHuggingFace = true,
                Upvotes = Int(paper, "upvotes") ?? 0,
                NumComments = Int(entry, "numComments") ?? Int(paper, "numComments") ?? 0,
                GithubRepo = Url(String(paper, "githubRepo")),
                GithubStars = Int(paper, "githubStars"),
                ProjectPage = Url(String(paper, "projectPage")),
                AiSummary = Clean(String(paper, "ai_summary")),
                AiKeywords = Strings(paper, "ai_keywords"),
            });
        }

        return new PaperParseResult(papers, index, withdrawn, errors);
    }

    static List<string> Authors(JsonElement paper) =>
        paper.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array
            ? authors.EnumerateArray()
                .Select(a => a.ValueKind == JsonValueKind.Object ? Clean(String(a, "name")) : null)
                .OfType<string>()
                .Where(name => name.Length > 0)
                .ToList()
            : [];

    static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];

    static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    static DateTimeOffset? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    // Only web links are kept: a javascript: or data: URL from a source must never become a link in a mail.
    static string? Url(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.ToString() : null;

    // Sources wrap abstracts at 80 columns; one space between words reads better and indexes the same.
    static string? Clean(string? text) =>
        text is null ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
