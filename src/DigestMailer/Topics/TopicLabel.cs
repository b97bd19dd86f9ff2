namespace DigestMailer.Topics;

/// <summary>
/// A topic as a person reads it, for subjects and headings: <c>author:"Mei Lin"</c> is "papers by Mei Lin",
/// <c>cat:cs.LG</c> is "cs.LG", a phrase loses its quotes, <c>-word</c> is "without word".
/// </summary>
public static class TopicLabel
{
    public static string Readable(string text)
    {
        var topic = TopicParser.Parse(text).Topic;
        if (topic is null)
        {
            // A stored topic that no longer parses is still the reader's own words.
            return text;
        }

        var terms = topic.Terms;
        var words = terms.Where(t => !t.Negated && t.Kind is TopicTermKind.Word or TopicTermKind.Phrase).Select(t => t.Text).ToList();
        var authors = terms.Where(t => !t.Negated && t.Kind == TopicTermKind.Author).Select(t => t.Text).ToList();
        var categories = terms.Where(t => !t.Negated && t.Kind == TopicTermKind.Category).Select(t => t.Text).ToList();
        var parts = new List<string>();
        if (words.Count > 0)
        {
            parts.Add(string.Join(' ', words));
        }

        if (authors.Count > 0)
        {
            parts.Add((words.Count > 0 ? "by " : "papers by ") + string.Join(" and ", authors));
        }

        if (categories.Count > 0)
        {
            // A category alone names itself; after words or authors it says where they are looked for.
            parts.Add((parts.Count > 0 ? "in " : "") + string.Join(" and ", categories));
        }

        var excluded = terms.Where(t => t.Negated).Select(t => t.Kind switch
        {
            TopicTermKind.Author => "papers by " + t.Text,
            _ => t.Text,
        }).ToList();
        if (excluded.Count > 0)
        {
            parts.Add("without " + string.Join(", ", excluded));
        }

        return string.Join(' ', parts);
    }
}
