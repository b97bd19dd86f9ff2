using System.Text;

namespace DigestMailer.Topics;

/// <summary>
/// Where the Porter stemmer goes further than a reader would. Stemming lets <c>quantization</c> find
/// <c>quantized</c>, but it also lets <c>transformer</c> find <c>transform</c> and <c>folding</c> find
/// <c>10-fold</c>. A word of a topic therefore only accepts a stem-equal word of a paper when:
/// <list type="bullet">
/// <item>the paper's word is not a shorter word the topic word starts with (fold for folding), plurals aside;</item>
/// <item>for an -er word (transformer, encoder), the paper's word is that word or its plural, not a relative.</item>
/// </list>
/// </summary>
public static class WordForms
{
    public static bool Accepts(string topicWord, string paperWord)
    {
        var wanted = Fold(topicWord);
        var found = Fold(paperWord);
        if (found.Length < wanted.Length && wanted.StartsWith(found, StringComparison.Ordinal))
        {
            return IsPlural(wanted, found);
        }

        var singular = wanted.EndsWith("ers", StringComparison.Ordinal) ? wanted[..^1] : wanted;
        return !(singular.Length > 4 && singular.EndsWith("er", StringComparison.Ordinal)) || found.StartsWith(singular, StringComparison.Ordinal);
    }

    /// <summary>
    /// The shorter words <see cref="Accepts"/> turns down for <paramref name="topicWord"/> whatever the paper: its
    /// proper prefixes other than its singular. When no stem-equal word of a paper is among them, every paper the
    /// engine matched is kept, and the per-paper check can be skipped. Null where that cannot be told from the word
    /// alone: an -er word (which turns down longer relatives too) or a word of more than ASCII letters and digits
    /// (which the engine may split or fold).
    /// </summary>
    public static IReadOnlyList<string>? RejectedPrefixes(string topicWord)
    {
        var wanted = topicWord.ToLowerInvariant();
        var singular = wanted.EndsWith("ers", StringComparison.Ordinal) ? wanted[..^1] : wanted;
        if (!wanted.All(char.IsAsciiLetterOrDigit) || (singular.Length > 4 && singular.EndsWith("er", StringComparison.Ordinal)))
        {
            return null;
        }

        return [.. Enumerable.Range(1, wanted.Length - 1).Select(length => wanted[..length]).Where(prefix => !IsPlural(wanted, prefix))];
    }

    static bool IsPlural(string plural, string singular) =>
        plural == singular + "s" || plural == singular + "es";

    /// <summary>Letters and digits only, lower case, without diacritics: what the unicode61 tokenizer compares.</summary>
    static string Fold(string word)
    {
        var decomposed = word.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed.Where(char.IsLetterOrDigit))
        {
            folded.Append(c);
        }

        return folded.ToString();
    }
}
