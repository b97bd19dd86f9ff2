using System.Text;

namespace DigestMailer.Topics;

/// <summary>A parsed topic: what the subscriber wrote, and the terms it stands for.</summary>
public sealed record Topic(string Text, IReadOnlyList<TopicTerm> Terms)
{
    public const int MaxLength = 200;

    /// <summary>Topics that differ only in case or spacing match the same papers; the planner runs each key once.</summary>
    public string Key => Text.ToLowerInvariant();

    /// <summary>
    /// The FTS5 query for this topic. Every piece of user text is a double-quoted string with quotes doubled,
    /// so no input can become FTS5 syntax (AND, OR, NEAR, column filters, prefix stars).
    /// </summary>
    public string ToFtsQuery()
    {
        var positive = Terms.Where(t => !t.Negated).Select(Render);
        var query = new StringBuilder("(").AppendJoin(" AND ", positive).Append(')');
        foreach (var negated in Terms.Where(t => t.Negated))
        {
            query.Append(" NOT ").Append(Render(negated));
        }

        return query.ToString();
    }

    static string Render(TopicTerm term)
    {
        var quoted = "\"" + term.Text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        return term.Kind switch
        {
            TopicTermKind.Author => "{authors} : " + quoted,
            TopicTermKind.Category => "{categories} : " + quoted,
            _ => "{title abstract} : " + quoted,
        };
    }

    public override string ToString() => Text;
}
