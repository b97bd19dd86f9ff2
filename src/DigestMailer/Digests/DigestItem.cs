using System.Buffers;
using System.Text.Json;

namespace DigestMailer.Digests;

/// <summary>One paper of a digest as the ledger keeps it: papers.id, the matched topics, the excerpt id.</summary>
/// <remarks>Equal when paper, excerpt and topics (in order) are: subscribers who share them share one rendered paper.</remarks>
public sealed record DigestItem(long Paper, IReadOnlyList<string> Topics, long? Excerpt)
{
    /// <summary>
    /// The label that stands, among a digest's topics, for the day's trending papers: no topic can be written so
    /// (the topic language refuses an unknown <c>field:</c>), and ledger rows from before trending simply lack it.
    /// </summary>
    public const string TrendingLabel = "trending:";

    /// <summary>The label, after the topics and trending, of the papers chosen for their similarity to the reader's profile.</summary>
    public const string SimilarLabel = "similar:";

    /// <summary>
    /// digests.items: <c>{"topics": [the subscriber's topics], "papers": [[paper id, topic bits, excerpt id or null], ...]}</c>
    /// in rank order, bit i standing for topics[i]. Written once per digest, a hundred thousand a day: naming each
    /// paper's topics in full made 126 MB of JSON for 1.9 million papers and most of the planning time (measured).
    /// </summary>
    public static string Serialize(IReadOnlyList<string> topics, IReadOnlyList<ChosenPaper> papers)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (topics.Count * 32) + (papers.Count * 24));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("topics");
            foreach (var topic in topics)
            {
                json.WriteStringValue(topic);
            }

            json.WriteEndArray();
            json.WriteStartArray("papers");
            foreach (var paper in papers)
            {
                json.WriteStartArray();
                json.WriteNumberValue(paper.PaperId);
                json.WriteNumberValue(paper.TopicMask);
                if (paper.ExcerptId is { } excerpt)
                {
                    json.WriteNumberValue(excerpt);
                }
                else
                {
                    json.WriteNullValue();
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads digests.items, in this shape or the one before it (an array of {"paper", "topics", "excerpt"}).</summary>
    /// <remarks>
    /// The stored shapes stay as they are, rows already written included; the topics become a list here, the one
    /// place that reads them. The earlier shape named each paper's topics as one newline-separated string.
    /// </remarks>
    public static IReadOnlyList<DigestItem> Deserialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            return [.. root.EnumerateArray().Select(item => new DigestItem(
                item.GetProperty("paper").GetInt64(),
                (item.GetProperty("topics").GetString() ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries),
                item.GetProperty("excerpt") is { ValueKind: JsonValueKind.Number } excerpt ? excerpt.GetInt64() : null))];
        }

        var topics = root.GetProperty("topics").EnumerateArray().Select(t => t.GetString() ?? "").ToArray();
        // Papers with the same topic bits share one list.
        var named = new Dictionary<int, string[]>();
        return [.. root.GetProperty("papers").EnumerateArray().Select(paper =>
        {
            var mask = paper[1].GetInt32();
            if (!named.TryGetValue(mask, out var matched))
            {
                named[mask] = matched = [.. topics.Where((_, i) => (mask & (1 << i)) != 0)];
            }

            return new DigestItem(paper[0].GetInt64(), matched, paper[2].ValueKind == JsonValueKind.Number ? paper[2].GetInt64() : null);
        })];
    }

    public bool Equals(DigestItem? other) =>
        other is not null && Paper == other.Paper && Excerpt == other.Excerpt && Topics.SequenceEqual(other.Topics, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Paper);
        hash.Add(Excerpt);
        foreach (var topic in Topics)
        {
            hash.Add(topic, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
