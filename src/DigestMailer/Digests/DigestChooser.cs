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

/// <summary>A paper chosen for a digest: which of the subscriber's topics matched it (bit i: topic i), and its excerpt.</summary>
public readonly record struct ChosenPaper(long PaperId, int TopicMask, long? ExcerptId);

/// <summary>Chooses the papers of one subscriber's digest from the matches of their topics. Pure: no database, no clock.</summary>
public static class DigestChooser
{
    /// <param name="topics">The subscriber's topics in their order, each with its matches (null: it matched nothing).</param>
    /// <param name="watermark">Only papers with a higher id are new to this subscriber.</param>
    /// <param name="maxPapers">How many papers the digest holds at most.</param>
    /// <returns>
    /// The best new papers, best first. A paper ranks by its best score over the topics that matched it and shows the
    /// excerpt of that topic (the first one, on a tie). Each topic's list is already sorted, so this merges the heads
    /// of at most 20 lists instead of scoring every match of every topic.
    /// </returns>
    public static List<ChosenPaper> Choose(IReadOnlyList<RankedMatches?> topics, long watermark, int maxPapers)
    {
        var heads = new int[topics.Count];
        var chosen = new List<ChosenPaper>(Math.Min(maxPapers, 32));
        while (chosen.Count < maxPapers)
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
    static bool IsChosen(List<ChosenPaper> chosen, long paperId)
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

    static int MatchingTopics(IReadOnlyList<RankedMatches?> topics, long paperId)
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
