using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DigestMailer.Papers.Sources;

/// <summary>One RSS item: the paper and how it was announced (new, cross, replace, replace-cross).</summary>
public sealed record ArxivAnnouncement(PaperRecord Paper, string AnnounceType)
{
    /// <summary>A replacement is a new version of an older paper: it updates a paper we have, it is not news.</summary>
    public bool IsReplacement => AnnounceType.StartsWith("replace", StringComparison.Ordinal);
}

/// <summary>
/// Reads the per-category arXiv RSS feeds (rss.arxiv.org/rss/cs.LG): one item per announcement, new, cross-listed
/// or replaced (<c>arxiv:announce_type</c>), with the abstract behind an "Announce Type" preamble.
/// </summary>
public static partial class ArxivRssParser
{
    static readonly XNamespace Arxiv = "http://arxiv.org/schemas/atom";
    static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";

    /// <exception cref="FormatException">The payload is not an RSS feed, or an item has no arXiv id or title.</exception>
    public static IReadOnlyList<ArxivAnnouncement> Parse(string xml)
    {
        var channel = ArxivAtomParser.Load(xml).Root?.Element("channel")
            ?? throw new FormatException("The arXiv RSS answer is not an RSS feed.");
        return channel.Elements("item")
            .Select(item => new ArxivAnnouncement(ParseItem(item), ArxivAtomParser.Text(item, Arxiv + "announce_type")?.Trim() ?? "new"))
            .ToList();
    }

    static PaperRecord ParseItem(XElement item)
    {
        var guid = ArxivAtomParser.Text(item, "guid");
        var (arxivId, version) = ArxivIds.FromUrl(guid) ?? ArxivIds.FromUrl(ArxivAtomParser.Text(item, "link"))
            ?? throw new FormatException($"The arXiv RSS item '{guid}' has no arXiv id.");
        var title = ArxivAtomParser.Clean(ArxivAtomParser.Text(item, "title"));
        if (string.IsNullOrEmpty(title))
        {
            throw new FormatException($"The arXiv RSS item {arxivId} has no title.");
        }

        var description = ArxivAtomParser.Text(item, "description") ?? "";
        var abstractStart = description.IndexOf("Abstract:", StringComparison.Ordinal);
        return new PaperRecord
        {
            ArxivId = arxivId,
            Version = version,
            Title = title,
            Abstract = ArxivAtomParser.Clean(abstractStart >= 0 ? description[(abstractStart + "Abstract:".Length)..] : description) ?? "",
            Authors = (ArxivAtomParser.Text(item, DublinCore + "creator") ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(a => AndPrefix().Replace(a, ""))
                .Where(a => a.Length > 0)
                .ToList(),
            Categories = item.Elements("category").Select(c => c.Value.Trim()).Where(ArxivIds.IsCategory).Distinct(StringComparer.Ordinal).ToList(),
            PublishedAt = ArxivAtomParser.Date(ArxivAtomParser.Text(item, "pubDate")),
            JournalRef = ArxivAtomParser.Clean(ArxivAtomParser.Text(item, Arxiv + "journal_reference")),
            Doi = ArxivAtomParser.Clean(ArxivAtomParser.Text(item, Arxiv + "DOI")),
        };
    }

    // dc:creator lists "A, B and C" in some feeds.
    [GeneratedRegex(@"^and\s+")]
    private static partial Regex AndPrefix();
}
