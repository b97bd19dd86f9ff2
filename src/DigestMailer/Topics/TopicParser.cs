using System.Text.RegularExpressions;

namespace DigestMailer.Topics;

/// <summary>
/// Parses the topic language: <c>words</c> (all must match, stemmed), <c>"exact phrase"</c>,
/// <c>author:Name</c> or <c>author:"Full Name"</c>, <c>cat:cs.LG</c>, and <c>-word</c> to exclude.
/// </summary>
public static partial class TopicParser
{
    static readonly string[] Operators = ["AND", "OR", "NOT", "NEAR"];
    const string ForbiddenInWords = "(){}*^:";

    public static TopicParseResult Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return TopicParseResult.Fail("A topic must not be empty.", 1);
        }

        if (input.Any(char.IsControl))
        {
            return TopicParseResult.Fail("A topic must not contain line breaks or control characters.", input.IndexOf(input.First(char.IsControl)) + 1);
        }

        var invisible = InvisibleText.IndexOfInvisible(input);
        if (invisible >= 0)
        {
            return TopicParseResult.Fail("A topic must not contain invisible characters (such as a zero-width space or a direction mark).", invisible + 1);
        }

        if (input.Length > Topic.MaxLength)
        {
            return TopicParseResult.Fail($"A topic must be at most {Topic.MaxLength} characters.", Topic.MaxLength + 1);
        }

        var terms = new List<TopicTerm>();
        var position = 0;
        while (true)
        {
            while (position < input.Length && char.IsWhiteSpace(input[position]))
            {
                position++;
            }

            if (position == input.Length)
            {
                break;
            }

            var start = position;
            var negated = input[position] == '-' && position + 1 < input.Length && !char.IsWhiteSpace(input[position + 1]);
            if (negated)
            {
                position++;
            }

            var (term, error) = ReadTerm(input, ref position, negated);
            if (error is not null)
            {
                return TopicParseResult.Fail(error, start + 1);
            }

            terms.Add(term!);
        }

        if (!terms.Any(t => !t.Negated))
        {
            return TopicParseResult.Fail("A topic needs at least one word, phrase, author or category to look for, not only exclusions.", 1);
        }

        var text = string.Join(' ', input.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return TopicParseResult.Success(new Topic(text, terms));
    }

    static (TopicTerm? Term, string? Error) ReadTerm(string input, ref int position, bool negated)
    {
        if (input[position] == '"')
        {
            var (phrase, error) = ReadQuoted(input, ref position);
            return error is not null ? (null, error) : (new TopicTerm(TopicTermKind.Phrase, phrase!, negated), null);
        }

        var kind = TopicTermKind.Word;
        if (StartsWithField(input, position, "author:"))
        {
            kind = TopicTermKind.Author;
            position += "author:".Length;
        }
        else if (StartsWithField(input, position, "cat:"))
        {
            kind = TopicTermKind.Category;
            position += "cat:".Length;
        }

        if (kind != TopicTermKind.Word && position < input.Length && input[position] == '"')
        {
            var (quoted, error) = ReadQuoted(input, ref position);
            return error is not null ? (null, error) : ValidateField(kind, quoted!, negated);
        }

        var start = position;
        while (position < input.Length && !char.IsWhiteSpace(input[position]) && input[position] != '"')
        {
            position++;
        }

        var word = input[start..position];
        if (kind != TopicTermKind.Word)
        {
            return ValidateField(kind, word, negated);
        }

        return ValidateWord(word, negated);
    }

    static (TopicTerm?, string?) ValidateWord(string word, bool negated)
    {
        if (word.Contains(':', StringComparison.Ordinal))
        {
            return (null, $"'{word}' looks like a filter, but only author: and cat: are supported; put text with a colon in quotes.");
        }

        if (Operators.Contains(word, StringComparer.Ordinal))
        {
            return (null, $"'{word}' is not supported: all words of a topic must match; add alternatives as separate topics.");
        }

        var bad = word.FirstOrDefault(c => ForbiddenInWords.Contains(c, StringComparison.Ordinal));
        if (bad != default)
        {
            return (null, $"The character '{bad}' is not allowed in a word; put the text in quotes to search for it.");
        }

        if (!word.Any(char.IsLetterOrDigit))
        {
            return (null, $"'{word}' has no letters or digits to search for.");
        }

        return (new TopicTerm(TopicTermKind.Word, word, negated), null);
    }

    static (TopicTerm?, string?) ValidateField(TopicTermKind kind, string value, bool negated)
    {
        if (kind == TopicTermKind.Category)
        {
            return CategoryPattern().IsMatch(value)
                ? (new TopicTerm(kind, value, negated), null)
                : (null, $"'{value}' is not an arXiv category; write it like cat:cs.LG or cat:math.OC.");
        }

        return value.Any(char.IsLetter)
            ? (new TopicTerm(kind, value, negated), null)
            : (null, "author: needs a name, such as author:Hinton or author:\"Geoffrey Hinton\".");
    }

    static (string? Text, string? Error) ReadQuoted(string input, ref int position)
    {
        var close = input.IndexOf('"', position + 1);
        if (close < 0)
        {
            return (null, "This quote is never closed; close it, or remove it.");
        }

        var text = input[(position + 1)..close].Trim();
        position = close + 1;
        return text.Any(char.IsLetterOrDigit) ? (text, null) : (null, "The quotes hold nothing to search for.");
    }

    static bool StartsWithField(string input, int position, string field) =>
        string.Compare(input, position, field, 0, field.Length, StringComparison.OrdinalIgnoreCase) == 0;

    [GeneratedRegex(@"^[A-Za-z][A-Za-z\-]*(\.[A-Za-z][A-Za-z\-]*)?$")]
    private static partial Regex CategoryPattern();
}

public sealed record TopicParseResult(Topic? Topic, string? Error, int Position)
{
    public static TopicParseResult Success(Topic topic) => new(topic, null, 0);

    public static TopicParseResult Fail(string error, int position) => new(null, error, position);
}
