namespace DigestMailer.Digests;

/// <summary>A paper one topic matched, with the score digests rank by and the excerpt (topic_excerpts.id) made for it.</summary>
public readonly record struct ScoredPaper(long PaperId, double Score, long? ExcerptId);

/// <summary>One distinct topic's matches, best first (higher score, then the newer paper), and by paper id.</summary>
public sealed class RankedMatches
{
    public RankedMatches(IEnumerable<ScoredPaper> papers)
    {
        Best = [.. papers.OrderByDescending(p => p.Score).ThenByDescending(p => p.PaperId)];
        ByPaper = Best.ToDictionary(p => p.PaperId);
    }

    public ScoredPaper[] Best { get; }

    public IReadOnlyDictionary<long, ScoredPaper> ByPaper { get; }
}

/// <summary>
/// A paper chosen for a digest: which of the subscriber's topics matched it (bit i: topic i; the bit after the last
/// topic: chosen as trending), and its excerpt.
/// </summary>
public readonly record struct ChosenPaper(long PaperId, int TopicMask, long? ExcerptId);

/// <summary>Chooses the papers of one subscriber's digest from the matches of their topics. Pure: no database, no clock.</summary>
public static class DigestChooser
{
    /// <param name="topics">The subscriber's topics in their order, each with its matches (null: it matched nothing).</param>
    /// <param name="watermark">Only papers with a higher id are new to this subscriber.</param>
    /// <param name="maxPapers">How many papers the digest holds at most, besides the trending ones.</param>
    /// <param name="trending">The new papers ranked by votes, for a subscriber who asked for them; else null.</param>
    /// <param name="maxTrending">How many trending papers the digest holds at most.</param>
    /// <returns>
    /// The trending papers first, in vote order, then the best new papers of the topics, best first, none twice. A
    /// topic paper ranks by its best score over the topics that matched it and shows the excerpt of that topic (the
    /// first one, on a tie). Each topic's list is already sorted, so this merges the heads of at most 20 lists instead
    /// of scoring every match of every topic. Trending is one more ranked list with a cap of its own, taken first so
    /// that a paper both trending and matched by a topic is listed once, as trending, naming the topic too.
    /// </returns>
    public static List<ChosenPaper> Choose(
        IReadOnlyList<RankedMatches?> topics, long watermark, int maxPapers, RankedMatches? trending = null, int maxTrending = 0)
    {
        var heads = new int[topics.Count];
        var chosen = new List<ChosenPaper>(Math.Min(maxPapers + maxTrending, 32));
        foreach (var paper in trending?.Best ?? [])
        {
            if (chosen.Count == maxTrending)
            {
                break;
            }

            if (paper.PaperId > watermark)
            {
                chosen.Add(new ChosenPaper(paper.PaperId, MatchingTopics(topics, paper.PaperId) | (1 << topics.Count), BestExcerpt(topics, paper.PaperId)));
            }
        }

        var trendingCount = chosen.Count;
        while (chosen.Count - trendingCount < maxPapers)
        {
            var bestTopic = -1;
            var best = default(ScoredPaper);
            for (var t = 0; t < topics.Count; t++)
            {
                if (topics[t]?.Best is not { } list)
                {
                    continue;
                }

                while (heads[t] < list.Length && (list[heads[t]].PaperId <= watermark || IsChosen(chosen, list[heads[t]].PaperId)))
                {
                    heads[t]++;
                }

                if (heads[t] < list.Length && (bestTopic < 0 || Ranks(list[heads[t]], before: best)))
                {
                    (bestTopic, best) = (t, list[heads[t]]);
                }
            }

            if (bestTopic < 0)
            {
                break;
            }

            chosen.Add(new ChosenPaper(best.PaperId, MatchingTopics(topics, best.PaperId), best.ExcerptId));
        }

        return chosen;
    }

    static bool Ranks(ScoredPaper candidate, ScoredPaper before) =>
        candidate.Score > before.Score || (candidate.Score == before.Score && candidate.PaperId > before.PaperId);

    // A digest holds at most a few dozen papers: a scan beats hashing here.
    internal static bool IsChosen(List<ChosenPaper> chosen, long paperId)
    {
        foreach (var paper in chosen)
        {
            if (paper.PaperId == paperId)
            {
                return true;
            }
        }

        return false;
    }

    // A trending paper a topic matched too shows that topic's highlighted excerpt.
    static long? BestExcerpt(IReadOnlyList<RankedMatches?> topics, long paperId)
    {
        ScoredPaper? best = null;
        foreach (var topic in topics)
        {
            if (topic?.ByPaper.TryGetValue(paperId, out var match) == true && (best is null || match.Score > best.Value.Score))
            {
                best = match;
            }
        }

        return best?.ExcerptId;
    }

    internal static int MatchingTopics(IReadOnlyList<RankedMatches?> topics, long paperId)
    {
        var mask = 0;
        for (var t = 0; t < topics.Count; t++)
        {
            if (topics[t]?.ByPaper.ContainsKey(paperId) == true)
            {
                mask |= 1 << t;
            }
        }

        return mask;
    }
}
