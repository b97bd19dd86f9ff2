using System.Text.RegularExpressions;

namespace DigestMailer.Papers;

public static partial class ArxivId
{
    /// <summary>
    /// The id without its version (2509.04664v2 → 2509.04664), so a new version updates the paper instead of
    /// adding it again. Accepts new-style (YYMM.NNNNN) and old-style (hep-th/9901001) ids.
    /// </summary>
    public static bool TryNormalize(string? input, out string id)
    {
        var match = Pattern().Match(input?.Trim() ?? "");
        id = match.Success ? match.Groups["id"].Value : "";
        return match.Success;
    }

    /// <summary>An arXiv id without its version, new style (2509.04664) or old (hep-th/9901001, math.GT/0309136), as the group "id".</summary>
    /// <remarks>ASCII digits only: <c>\d</c> would also take other scripts' digits (２５１１.９０００１), which no arXiv id has.</remarks>
    public const string IdPattern = @"(?<id>[0-9]{4}\.[0-9]{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/[0-9]{7})";

    [GeneratedRegex("^(?:arXiv:)?" + IdPattern + @"(?:v[0-9]+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
