using System.Buffers;
using System.Text.Json;

namespace DigestMailer.Digests;

/// <summary>One paper of a digest as the ledger keeps it: papers.id, the matched topics (newline-separated), the excerpt id.</summary>
public sealed record DigestItem(long Paper, string Topics, long? Excerpt)
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
    public static IReadOnlyList<DigestItem> Deserialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Array)
        {
            return [.. root.EnumerateArray().Select(item => new DigestItem(
                item.GetProperty("paper").GetInt64(),
                item.GetProperty("topics").GetString() ?? "",
                item.GetProperty("excerpt") is { ValueKind: JsonValueKind.Number } excerpt ? excerpt.GetInt64() : null))];
        }

        var topics = root.GetProperty("topics").EnumerateArray().Select(t => t.GetString() ?? "").ToArray();
        return [.. root.GetProperty("papers").EnumerateArray().Select(paper => new DigestItem(
            paper[0].GetInt64(),
            string.Join('\n', topics.Where((_, i) => (paper[1].GetInt32() & (1 << i)) != 0)),
            paper[2].ValueKind == JsonValueKind.Number ? paper[2].GetInt64() : null))];
    }
}
