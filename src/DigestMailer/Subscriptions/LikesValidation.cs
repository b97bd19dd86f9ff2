using DigestMailer.Papers;

namespace DigestMailer.Subscriptions;

/// <summary>The liked papers of a sign-up or a preferences form: arXiv ids, URLs or DOIs, brought to bare ids.</summary>
public static class LikesValidation
{
    public static bool IsLikesField(string key) => key == "likes" || key.StartsWith("likes[", StringComparison.Ordinal);

    /// <summary>
    /// Each entry parsed (errors keyed <c>likes[i]</c>), duplicates collapsed; with the papers <paramref name="liked"/>
    /// already, at most <see cref="LikedPaperIds.Max"/> in all (else an error keyed <c>likes</c>).
    /// </summary>
    public static List<string> Validate(IReadOnlyList<string?>? likes, Dictionary<string, string[]> errors, IReadOnlyCollection<string>? liked = null)
    {
        var alreadyLiked = liked?.Count ?? 0;
        var ids = new List<string>();
        if (likes is null || likes.Count == 0)
        {
            return ids;
        }

        // Far more entries than could ever be kept: refused before any of them is read.
        if (likes.Count > LikedPaperIds.Max * 10)
        {
            errors["likes"] = [TooMany(likes.Count, alreadyLiked)];
            return ids;
        }

        for (var i = 0; i < likes.Count; i++)
        {
            if (!LikedPaperIds.TryParse(likes[i], out var id))
            {
                errors[$"likes[{i}]"] = [$"Paper {i + 1} \"{SignupValidation.Shorten(likes[i]).Trim()}\" is not an arXiv id (2401.01234 or hep-th/9901001), an arxiv.org link or an arXiv DOI."];
            }
            else if (!ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
            }
        }

        var added = liked is null ? ids.Count : ids.Count(id => !liked.Contains(id));
        if (added + alreadyLiked > LikedPaperIds.Max)
        {
            errors["likes"] = [TooMany(added, alreadyLiked)];
        }

        return ids;
    }

    static string TooMany(int count, int alreadyLiked) => alreadyLiked == 0
        ? $"At most {LikedPaperIds.Max} liked papers, not {count}."
        : $"At most {LikedPaperIds.Max} liked papers: you like {alreadyLiked} already, and {count} more is too many. Remove some first.";
}
