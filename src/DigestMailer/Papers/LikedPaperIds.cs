using System.Globalization;
using System.Text.RegularExpressions;

namespace DigestMailer.Papers;

/// <summary>
/// The ways a reader names an arXiv paper they like, each brought to the bare id without version: <c>2401.01234</c>,
/// <c>2401.01234v2</c>, <c>arXiv:2401.01234</c>, <c>hep-th/9901001</c>, an abstract or PDF URL
/// (<c>https://arxiv.org/abs/2401.01234v2</c>, <c>arxiv.org/pdf/2401.01234.pdf</c>) and arXiv's DOI
/// (<c>10.48550/arXiv.2401.01234</c>, also as a doi.org URL).
/// </summary>
public static partial class LikedPaperIds
{
    /// <summary>Papers a reader may like at most; more than this is refused rather than cut.</summary>
    public const int Max = 50;

    public static bool TryParse(string? text, out string id)
    {
        id = "";
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length is 0 or > 300)
        {
            return false;
        }

        var match = Whole().Match(trimmed);
        return match.Success && Plausible(match.Groups["id"].Value) && ArxivId.TryNormalize(match.Groups["id"].Value, out id);
    }

    /// <summary>Every arXiv id written anywhere in <paramref name="text"/> as a URL, a DOI or <c>arXiv:ID</c>.</summary>
    public static IEnumerable<string> FindIn(string text)
    {
        foreach (Match match in Inside().Matches(text))
        {
            if (Plausible(match.Groups["id"].Value) && ArxivId.TryNormalize(match.Groups["id"].Value, out var id))
            {
                yield return id;
            }
        }
    }

    /// <summary>
    /// A new-style id is YYMM.NNNN (from April 2007) or YYMM.NNNNN (from January 2015) with a real month; an old-style
    /// one ends in YYMMNNN. The pattern alone would take 9999.99999, which no paper has.
    /// </summary>
    static bool Plausible(string id)
    {
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        var digits = slash >= 0 ? id[(slash + 1)..] : id;
        var yymm = int.Parse(digits[..4], CultureInfo.InvariantCulture);
        var month = yymm % 100;
        if (month is < 1 or > 12)
        {
            return false;
        }

        if (slash >= 0)
        {
            return true;
        }

        var number = digits[5..];
        return yymm >= 704 && (yymm < 1501 ? number.Length == 4 : number.Length == 5);
    }

    const string Id = ArxivId.IdPattern;

    [GeneratedRegex(
        @"^(?:(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/" + Id + @"(?:v[0-9]+)?(?:\.pdf)?/?(?:[?#]\S*)?" +
        @"|(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)?10\.48550/arXiv\." + Id + @"(?:v[0-9]+)?" +
        @"|(?:arXiv:\s*)?" + Id + @"(?:v[0-9]+)?)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    [GeneratedRegex(
        @"(?:arxiv\.org/(?:abs|pdf)/|10\.48550/arXiv\.|\barXiv:\s*)" + Id + @"(?![0-9/])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Inside();
}
