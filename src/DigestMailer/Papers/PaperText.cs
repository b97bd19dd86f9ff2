using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace DigestMailer.Papers;

/// <summary>
/// A paper's text as mails and pages show it: math made readable, long abstracts cut, authors shortened, and the
/// matched words of an excerpt (between \u0002 and \u0003, as the topic matcher marks them) highlighted. Pure.
/// </summary>
public static partial class PaperText
{
    public const char MarkStart = '\u0002';
    public const char MarkEnd = '\u0003';
    const int ExcerptLength = 320;
    static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Title(string title) => MathText.Readable(title);

    /// <summary>The first <paramref name="shown"/> authors of the stored list, "and N more" after them.</summary>
    public static string Authors(string stored, int shown)
    {
        var authors = stored.Split(PaperStore.ListSeparator, StringSplitOptions.RemoveEmptyEntries);
        return authors.Length > shown
            ? string.Join(", ", authors.Take(shown)) + $" and {authors.Length - shown} more"
            : string.Join(", ", authors);
    }

    /// <summary>The excerpt without its marks, as plain text.</summary>
    public static string Plain(string excerpt) =>
        MathText.Readable(excerpt.Replace(MarkStart.ToString(), "", StringComparison.Ordinal).Replace(MarkEnd.ToString(), "", StringComparison.Ordinal));

    /// <summary>
    /// The excerpt HTML-encoded, with the words that matched the topic in &lt;mark&gt;; the only markup in it is ours.
    /// The words of a matched phrase come marked one by one: marks with only spaces or a hyphen between them become one
    /// (PostgreSQL also marks the parts of a hyphenated word apart: "low-bit").
    /// </summary>
    public static string HighlightedHtml(string excerpt)
    {
        var text = MathText.Readable(AdjacentMarks().Replace(excerpt, "$1"));
        // Each piece between marks is encoded straight into one buffer, without a substring and an encoded copy of it.
        using var html = new StringWriter(new StringBuilder(text.Length + 128), CultureInfo.InvariantCulture);
        var marked = false;
        for (var start = 0; start <= text.Length; marked = !marked)
        {
            var length = text.AsSpan(start).IndexOfAny(MarkStart, MarkEnd) is var end and >= 0 ? end : text.Length - start;
            html.Write(marked ? "<mark class=\"dm-mark\" style=\"background:#fde68a;color:#111827;\">" : "");
            Html.Encode(html, text, start, length);
            html.Write(marked ? "</mark>" : "");
            start += length + 1;
        }

        return html.ToString();
    }

    /// <summary>The start of an abstract, cut at a word boundary.</summary>
    public static string Excerpt(string text)
    {
        if (text.Length <= ExcerptLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', ExcerptLength);
        return text[..(cut > ExcerptLength / 2 ? cut : ExcerptLength)].TrimEnd(',', ';', ':', '.') + " …";
    }

    [GeneratedRegex("\u0003([ \t\u00a0]+|-)\u0002")]
    private static partial Regex AdjacentMarks();
}
