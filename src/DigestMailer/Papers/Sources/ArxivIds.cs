using System.Globalization;
using System.Text.RegularExpressions;

namespace DigestMailer.Papers.Sources;

/// <summary>The arXiv identifiers as feeds write them: in abstract URLs, OAI guids and announcement lines.</summary>
public static partial class ArxivIds
{
    /// <summary>(2509.99901, 1) from http(s)://arxiv.org/abs/2509.99901v1 or oai:arXiv.org:2509.99901v1.</summary>
    public static (string Id, int? Version)? FromUrl(string? text)
    {
        var match = InUrl().Match(text ?? "");
        if (!match.Success || !ArxivId.TryNormalize(match.Groups["id"].Value, out var id))
        {
            return null;
        }

        int? version = match.Groups["version"].Success
            ? int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture)
            : null;
        return (id, version);
    }

    /// <summary>arXiv categories (cs.LG, hep-th, q-bio.NC), not ACM classes such as F.2.2 that feeds list too.</summary>
    public static bool IsCategory(string term) => Category().IsMatch(term);

    [GeneratedRegex(@"(?:abs/|arXiv\.org:|arXiv:)" + ArxivId.IdPattern + @"(?:v(?<version>[0-9]+))?", RegexOptions.IgnoreCase)]
    private static partial Regex InUrl();

    [GeneratedRegex(@"^[a-z][a-z\-]*(\.[A-Za-z][A-Za-z\-]*)?$")]
    private static partial Regex Category();
}
