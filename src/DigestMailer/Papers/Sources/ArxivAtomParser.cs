using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace DigestMailer.Papers.Sources;

public sealed record ArxivPage(int TotalResults, int StartIndex, IReadOnlyList<PaperRecord> Papers);

/// <summary>
/// Reads arXiv API Atom feeds, both the classic format (http links, -04:00 offsets, namespaces repeated on every
/// element, primary_category with a scheme) and the current one (https links, +00:00, no scheme).
/// </summary>
public static partial class ArxivAtomParser
{
    static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    static readonly XNamespace Arxiv = "http://arxiv.org/schemas/atom";
    static readonly XNamespace OpenSearch = "http://a9.com/-/spec/opensearch/1.1/";

    /// <exception cref="FormatException">The payload is not an arXiv Atom feed, or it is the API's error feed.</exception>
    public static ArxivPage Parse(string xml)
    {
        var feed = Load(xml).Root;
        if (feed is null || feed.Name != Atom + "feed")
        {
            throw new FormatException("The arXiv API answer is not an Atom feed.");
        }

        var papers = new List<PaperRecord>();
        foreach (var entry in feed.Elements(Atom + "entry"))
        {
            var id = Text(entry, Atom + "id") ?? "";
            if (id.Contains("/api/errors", StringComparison.Ordinal))
            {
                throw new FormatException($"The arXiv API answered with an error: {Text(entry, Atom + "summary")}");
            }

            papers.Add(ParseEntry(entry, id));
        }

        return new ArxivPage(
            Int(feed.Element(OpenSearch + "totalResults")) ?? papers.Count,
            Int(feed.Element(OpenSearch + "startIndex")) ?? 0,
            papers);
    }

    static PaperRecord ParseEntry(XElement entry, string id)
    {
        var (arxivId, version) = ArxivIds.FromUrl(id)
            ?? throw new FormatException($"The arXiv entry id '{id}' is not an arXiv abstract URL.");
        var title = Clean(Text(entry, Atom + "title"));
        if (string.IsNullOrEmpty(title))
        {
            throw new FormatException($"The arXiv entry {arxivId} has no title.");
        }

        return new PaperRecord
        {
            ArxivId = arxivId,
            Version = version,
            Title = title,
            Abstract = Clean(Text(entry, Atom + "summary")) ?? "",
            Authors = entry.Elements(Atom + "author").Select(a => Clean(Text(a, Atom + "name"))).OfType<string>().Where(n => n.Length > 0).ToList(),
            Categories = entry.Elements(Atom + "category")
                .Select(c => (string?)c.Attribute("term"))
                .OfType<string>()
                .Where(ArxivIds.IsCategory)
                .Distinct(StringComparer.Ordinal)
                .ToList(),
            PrimaryCategory = (string?)entry.Element(Arxiv + "primary_category")?.Attribute("term"),
            PublishedAt = Date(Text(entry, Atom + "published")),
            Comment = Clean(Text(entry, Arxiv + "comment")),
            JournalRef = Clean(Text(entry, Arxiv + "journal_ref")),
            Doi = Clean(Text(entry, Arxiv + "doi")),
        };
    }

    internal static XDocument Load(string xml)
    {
        try
        {
            // No DTDs: a feed never needs one, and refusing them shuts out entity-expansion attacks.
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            return XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new FormatException($"The feed is not well-formed XML: {ex.Message}", ex);
        }
    }

    internal static string? Text(XElement parent, XName name) => parent.Element(name)?.Value;

    static int? Int(XElement? element) =>
        int.TryParse(element?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    internal static DateTimeOffset? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;

    // Feeds wrap titles and abstracts at 80 columns; one space between words reads and indexes the same.
    internal static string? Clean(string? text) =>
        text is null ? null : Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
