using System.Data.Common;
using System.Text;
using Dapper;

namespace DigestMailer.Topics;

/// <summary>
/// Topics on PostgreSQL's text search: the tsvector columns of papers (the 'digestmailer' configuration: accents
/// folded, English stemming, no stop words). Every term becomes a phraseto_tsquery of a bound parameter, so user text
/// is never tsquery syntax.
/// </summary>
public sealed class PostgresTopicMatcher : TopicMatcher
{
    // ts_rank weights for {D, C, B, A}: a title word (A) counts four times an abstract word (B), as with FTS5's bm25.
    const string Weights = "{0.1, 0.1, 0.25, 1.0}";
    // One stretch of up to 48 words around the best match, as FTS5's snippet gives (fragment mode would drop the
    // words and punctuation around a short match).
    const string ExcerptOptions = "StartSel=\u0002, StopSel=\u0003, MaxWords=48, MinWords=24";
    const string MarkAllOptions = "HighlightAll=true, StartSel=\u0002, StopSel=\u0003";

    protected override async Task<List<TopicMatch>> QueryAsync(
        DbConnection connection, Topic topic, long after, long through, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { after, through, weights = Weights, excerptOptions = ExcerptOptions });
        var where = new StringBuilder();
        var words = new List<string>();
        for (var i = 0; i < topic.Terms.Count; i++)
        {
            var term = topic.Terms[i];
            parameters.Add($"t{i}", term.Text);
            var query = $"phraseto_tsquery('digestmailer', @t{i})";
            var column = term.Kind switch
            {
                TopicTermKind.Author => "p.authors_search",
                TopicTermKind.Category => "p.categories_search",
                _ => "p.text_search",
            };
            where.Append(term.Negated ? $" AND NOT ({column} @@ {query})" : $" AND {column} @@ {query}");
            if (!term.Negated && term.Kind is TopicTermKind.Word or TopicTermKind.Phrase)
            {
                words.Add(query);
            }
        }

        // A paper fetched only because a reader liked it is old, never news (fetched_for_likes = 0 below).
        // A topic of authors or categories alone has no words to rank or highlight: equal relevance, the abstract's start.
        var ranked = words.Count == 0 ? "''::tsquery" : string.Join(" && ", words);
        var sql =
            $"""
            SELECT p.id AS PaperId,
                   CAST({(words.Count == 0 ? "1.0" : "ts_rank(CAST(@weights AS real[]), p.text_search, q.ranked)")} AS double precision) AS Relevance,
                   p.upvotes AS Upvotes,
                   ts_headline('digestmailer', p.abstract, q.ranked, @excerptOptions) AS Excerpt
            FROM papers p, (SELECT {ranked} AS ranked) q
            WHERE p.id > @after AND p.id <= @through AND p.fetched_for_likes = 0{where}
            """;
        return (await connection.QueryAsync<TopicMatch>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
    }

    protected override async Task<IEnumerable<(long PaperId, string Marked)>> MarkWordAsync(
        DbConnection connection, TopicTerm word, long[] paperIds, CancellationToken cancellationToken)
    {
        var parameters = new { word = word.Text, ids = paperIds, options = MarkAllOptions };
        if (WordForms.RejectedPrefixes(word.Text) is not { } prefixes)
        {
            return await connection.QueryAsync<(long PaperId, string Marked)>(new CommandDefinition(
                $"SELECT p.id, {MarkAll} FROM papers p WHERE p.id = ANY(@ids)", parameters, cancellationToken: cancellationToken));
        }

        // Marking every matched paper's whole text (ts_headline, about 150 µs a paper) cost more than all the topic
        // queries together (7 s of a plan's 2,000 topics, measured). A plain word is only turned down for a shorter
        // word it starts with that stems as it does (edit for editing). Where no such word exists, no paper is turned
        // down; where one does, only a paper with it in its text (a regular expression, about 25 µs) is marked.
        // Every other paper has only forms the word accepts: it stands marked with the word itself.
        var itself = $"\u0002{word.Text}\u0003";
        var stemEqual = (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT s.prefix FROM unnest(CAST(@prefixes AS text[])) AS s (prefix)
            WHERE to_tsvector('digestmailer', s.prefix) @@ phraseto_tsquery('digestmailer', @word)
            """,
            new { prefixes = prefixes.ToArray(), word = word.Text },
            cancellationToken: cancellationToken))).AsList();
        if (stemEqual.Count == 0)
        {
            return paperIds.Select(id => (id, itself));
        }

        return await connection.QueryAsync<(long PaperId, string Marked)>(new CommandDefinition(
            $"""
            SELECT p.id,
                   CASE WHEN lower(unaccent(p.title || ' ' || p.abstract)) ~ @shorter THEN {MarkAll} ELSE @itself END
            FROM papers p WHERE p.id = ANY(@ids)
            """,
            new { parameters.word, parameters.ids, parameters.options, itself, shorter = $"(^|[^[:alnum:]])({string.Join('|', stemEqual)})([^[:alnum:]]|$)" },
            cancellationToken: cancellationToken));
    }

    const string MarkAll = "ts_headline('digestmailer', p.title || ' ' || p.abstract, phraseto_tsquery('digestmailer', @word), @options)";
}
