using System.Text;
using System.Text.RegularExpressions;

namespace DigestMailer.Papers;

/// <summary>The arXiv ids found in a reference list, and how many entries it had.</summary>
public sealed record BibliographyScan(IReadOnlyList<string> Ids, int Entries)
{
    /// <summary>Entries that named an arXiv paper (several entries may name the same one).</summary>
    public int Recognised { get; init; }
}

/// <summary>
/// Reads the arXiv papers out of an exported reference list: BibTeX (Zotero, Google Scholar, arXiv's own), RIS
/// (Zotero, Mendeley, Google Scholar), or plain text with one id or URL per line. An entry names an arXiv paper
/// through <c>eprint</c> (with <c>archivePrefix</c> or <c>eprinttype</c> arXiv, or none), an arxiv.org URL, arXiv's
/// DOI <c>10.48550/arXiv.…</c>, or <c>arXiv:…</c> in its journal or note (Google Scholar writes
/// <c>journal={arXiv preprint arXiv:1706.03762}</c>); other entries are left out.
/// </summary>
public static partial class Bibliography
{
    /// <summary>The largest file taken: a few hundred entries with abstracts; a whole library is far more than 50 likes need.</summary>
    public const int MaxBytes = 512 * 1024;

    /// <summary>The file's text, or why it is not a text file: not UTF-8, or with NUL bytes (a PDF, an image, UTF-16).</summary>
    public static (string? Text, string? Error) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        if (bytes.Contains((byte)0) || !System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return (null, "is not a text file. Upload a BibTeX (.bib) or RIS (.ris) export, or a text file with one arXiv id per line.");
        }

        return (Encoding.UTF8.GetString(bytes), null);
    }

    public static BibliographyScan Scan(string text)
    {
        var entries = RisTag().IsMatch(text) ? RisEntries(text)
            : BibtexStart().IsMatch(text) ? BibtexEntries(text)
            : text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(LineEntry);
        var ids = new List<string>();
        var (count, recognised) = (0, 0);
        foreach (var id in entries)
        {
            count++;
            if (id is null)
            {
                continue;
            }

            recognised++;
            if (!ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
            }
        }

        return new BibliographyScan(ids, count) { Recognised = recognised };
    }

    static string? LineEntry(string line) => LikedPaperIds.TryParse(line, out var id) ? id : null;

    // RIS: "TY  - JOUR" opens a record, "ER  -" closes it; every other line is "XX  - value".
    static IEnumerable<string?> RisEntries(string text)
    {
        var fields = new List<(string Tag, string Value)>();
        foreach (var raw in text.Split('\n'))
        {
            var match = RisTag().Match(raw.TrimEnd('\r'));
            if (!match.Success)
            {
                continue;
            }

            var tag = match.Groups["tag"].Value.ToUpperInvariant();
            if (tag == "TY")
            {
                fields.Clear();
            }
            else if (tag == "ER")
            {
                yield return Recognise(fields);
                fields.Clear();
            }
            else
            {
                // Zotero writes the arXiv URL in UR, the DOI in DO, "arXiv:2401.01234 [cs]" in N1 or M3; Google Scholar the id in JO.
                fields.Add((tag switch { "UR" or "L1" or "L2" => "url", "DO" => "doi", _ => "note" }, match.Groups["value"].Value));
            }
        }
    }

    static IEnumerable<string?> BibtexEntries(string text)
    {
        var starts = BibtexStart().Matches(text);
        for (var i = 0; i < starts.Count; i++)
        {
            var type = starts[i].Groups["type"].Value.ToLowerInvariant();
            if (type is "comment" or "preamble" or "string")
            {
                continue;
            }

            var end = i + 1 < starts.Count ? starts[i + 1].Index : text.Length;
            yield return Recognise(BibtexFields(text[(starts[i].Index + starts[i].Length)..end]));
        }
    }

    /// <summary>The name = value pairs of one entry's body (after "@type{"): braces nest, quotes hold braces, # joins.</summary>
    internal static List<(string Name, string Value)> BibtexFields(string body)
    {
        var fields = new List<(string, string)>();
        var position = 0;
        while (position < body.Length)
        {
            var equals = body.IndexOf('=', position);
            if (equals < 0)
            {
                break;
            }

            // The name is the last word before '=' (the citation key and the comma before it are skipped).
            var name = FieldName().Match(body[position..equals]).Groups["name"].Value.ToLowerInvariant();
            var value = new StringBuilder();
            position = equals + 1;
            while (position < body.Length)
            {
                while (position < body.Length && char.IsWhiteSpace(body[position]))
                {
                    position++;
                }

                if (position >= body.Length)
                {
                    break;
                }

                var c = body[position];
                if (c is '{' or '"')
                {
                    position = ReadDelimited(body, position, value);
                }
                else
                {
                    var start = position;
                    while (position < body.Length && body[position] is not (',' or '#' or '}' or ')') && !char.IsWhiteSpace(body[position]))
                    {
                        position++;
                    }

                    value.Append(body, start, position - start);
                }

                while (position < body.Length && char.IsWhiteSpace(body[position]))
                {
                    position++;
                }

                if (position < body.Length && body[position] == '#')
                {
                    position++;
                    continue;
                }

                break;
            }

            fields.Add((name, value.ToString()));
            var comma = body.IndexOf(',', position);
            position = comma < 0 ? body.Length : comma + 1;
        }

        return fields;
    }

    // A {…} value ends at its matching brace; a "…" value at the next quote outside braces.
    static int ReadDelimited(string body, int position, StringBuilder value)
    {
        var quoted = body[position] == '"';
        var depth = quoted ? 0 : 1;
        position++;
        while (position < body.Length)
        {
            var c = body[position++];
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth--;
                if (!quoted && depth == 0)
                {
                    return position;
                }
            }
            else if (c == '"' && quoted && depth == 0)
            {
                return position;
            }

            if (c is not ('{' or '}'))
            {
                value.Append(c);
            }
        }

        return position;
    }

    static string? Recognise(List<(string Name, string Value)> fields)
    {
        string? Field(string name) => fields.FirstOrDefault(f => f.Name == name).Value;
        var prefix = Field("archiveprefix") ?? Field("eprinttype");
        if (Field("eprint") is { } eprint && (prefix is null || prefix.Trim().Equals("arxiv", StringComparison.OrdinalIgnoreCase))
            && LikedPaperIds.TryParse(eprint, out var fromEprint))
        {
            return fromEprint;
        }

        foreach (var (name, value) in fields)
        {
            var id = name switch
            {
                "url" or "doi" => LikedPaperIds.TryParse(value, out var whole) ? whole : LikedPaperIds.FindIn(value).FirstOrDefault(),
                "journal" or "note" or "howpublished" or "publisher" or "number" or "volume" => LikedPaperIds.FindIn(value).FirstOrDefault(),
                _ => null,
            };
            if (id is not null)
            {
                return id;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<tag>[A-Z][A-Z0-9])  -( (?<value>.*))?$", RegexOptions.Multiline)]
    private static partial Regex RisTag();

    [GeneratedRegex(@"^\s*@(?<type>[A-Za-z]+)\s*[{(]", RegexOptions.Multiline)]
    private static partial Regex BibtexStart();

    [GeneratedRegex(@"(?<name>[A-Za-z][\w\-:.]*)\s*$")]
    private static partial Regex FieldName();
}
