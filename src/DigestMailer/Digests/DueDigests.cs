using System.Runtime.InteropServices;

namespace DigestMailer.Digests;

/// <summary>One subscriber's digest as a run plans it: whose, for which date, from which watermark, of which topics.</summary>
public sealed record DueDigest(long SubscriberId, DateOnly Date, long Watermark, int? MaxPapers, bool Trending, IReadOnlyList<string> Topics);

/// <summary>
/// The digests a run is to plan, held compactly: a small struct per due subscriber and their topics as indexes into the
/// run's distinct topic texts, so a run's memory grows by some 50 bytes per subscriber rather than by their rows, and
/// each <see cref="DueDigest"/> is made only for the chunk being chosen (<see cref="Chunks"/>).
/// </summary>
public sealed class DueDigests
{
    readonly List<Entry> entries = [];
    readonly List<int> topicIndexes = [];
    readonly List<string> topics = [];
    readonly Dictionary<string, int> topicIndex = new(StringComparer.Ordinal);
    int cursor;

    public int Count => entries.Count;

    /// <summary>The distinct topics of the due subscribers.</summary>
    public IReadOnlyList<string> DistinctTopics => topics;

    /// <summary>Adds a due subscriber; subscribers come in ascending id order.</summary>
    public void Add(long subscriberId, DateOnly date, long watermark, int? maxPapers, bool trending)
    {
        if (entries.Count > 0 && entries[^1].SubscriberId >= subscriberId)
        {
            throw new InvalidOperationException("Due subscribers are added in ascending id order.");
        }

        entries.Add(new Entry(subscriberId, date, watermark, maxPapers, trending));
    }

    /// <summary>
    /// Adds a topic of a subscriber, in ascending subscriber id order and each subscriber's topics in their order, as
    /// the topics are read; topics of subscribers that are not due are passed over.
    /// </summary>
    public void AddTopic(long subscriberId, string text)
    {
        while (cursor < entries.Count && entries[cursor].SubscriberId < subscriberId)
        {
            cursor++;
        }

        if (cursor == entries.Count || entries[cursor].SubscriberId != subscriberId)
        {
            return;
        }

        if (!topicIndex.TryGetValue(text, out var index))
        {
            index = topics.Count;
            topicIndex[text] = index;
            topics.Add(text);
        }

        ref var entry = ref CollectionsMarshal.AsSpan(entries)[cursor];
        if (entry.TopicCount == 0)
        {
            entry.TopicStart = topicIndexes.Count;
        }

        topicIndexes.Add(index);
        entry.TopicCount++;
    }

    /// <summary>For each distinct topic, the lowest watermark of the due subscribers who follow it: where its matching starts.</summary>
    public Dictionary<string, long> LowestWatermarkPerTopic()
    {
        var lowest = new long[topics.Count];
        Array.Fill(lowest, long.MaxValue);
        foreach (var entry in entries)
        {
            for (var i = entry.TopicStart; i < entry.TopicStart + entry.TopicCount; i++)
            {
                lowest[topicIndexes[i]] = Math.Min(lowest[topicIndexes[i]], entry.Watermark);
            }
        }

        return topics.Select((topic, i) => (topic, i)).ToDictionary(t => t.topic, t => lowest[t.i], StringComparer.Ordinal);
    }

    /// <summary>The lowest watermark of the due subscribers <paramref name="which"/> selects by id and trending, or null for none.</summary>
    public long? LowestWatermark(Func<long, bool, bool> which)
    {
        long? lowest = null;
        foreach (var entry in entries)
        {
            if (which(entry.SubscriberId, entry.Trending) && (lowest is null || entry.Watermark < lowest))
            {
                lowest = entry.Watermark;
            }
        }

        return lowest;
    }

    /// <summary>The due digests, <paramref name="size"/> at a time, in subscriber id order.</summary>
    public IEnumerable<DueDigest[]> Chunks(int size)
    {
        for (var start = 0; start < entries.Count; start += size)
        {
            var chunk = new DueDigest[Math.Min(size, entries.Count - start)];
            for (var i = 0; i < chunk.Length; i++)
            {
                var entry = entries[start + i];
                var texts = new string[entry.TopicCount];
                for (var t = 0; t < texts.Length; t++)
                {
                    texts[t] = topics[topicIndexes[entry.TopicStart + t]];
                }

                chunk[i] = new DueDigest(entry.SubscriberId, entry.Date, entry.Watermark, entry.MaxPapers, entry.Trending, texts);
            }

            yield return chunk;
        }
    }

    struct Entry(long subscriberId, DateOnly date, long watermark, int? maxPapers, bool trending)
    {
        public readonly long SubscriberId = subscriberId;
        public readonly DateOnly Date = date;
        public readonly long Watermark = watermark;
        public readonly int? MaxPapers = maxPapers;
        public readonly bool Trending = trending;
        public int TopicStart;
        public int TopicCount;
    }
}
