using DigestMailer.Relevance;

namespace DigestMailer.Digests;

/// <summary>How a reader's profile takes part in choosing their papers (<see cref="DigestOptions"/>).</summary>
/// <param name="Weight">Of the cosine against topic relevance.</param>
/// <param name="Threshold">The cosine from which a paper no topic brought enters the similar section.</param>
/// <param name="MaxSimilar">Papers in the similar section at most.</param>
public readonly record struct SimilaritySettings(double Weight, double Threshold, int MaxSimilar);

/// <summary>
/// Chooses the papers of a digest for a reader with a profile (<see cref="ReaderProfile"/>). Pure: no database, no
/// clock. Readers without one go through <see cref="DigestChooser"/> untouched.
/// </summary>
public static class ProfileChooser
{
    /// <param name="topics">As for <see cref="DigestChooser.Choose"/>.</param>
    /// <param name="papers">The vectors of the new papers (at least those above <paramref name="watermark"/>).</param>
    /// <param name="similarBit">The ledger bit of the similar section: the one after the topics' and trending's.</param>
    /// <returns>
    /// The trending papers as <see cref="DigestChooser"/> takes them; then the topics' new papers ranked by
    /// (1 − weight) × relevance + weight × cosine, relevance being a paper's score over its topic's best (so broad and
    /// narrow topics weigh alike), at most <paramref name="maxPapers"/>; then, for a profile made from liked papers,
    /// up to <see cref="SimilaritySettings.MaxSimilar"/> other new papers whose cosine reaches the threshold, closest
    /// first. The papers the profile was made from are never offered.
    /// </returns>
    public static List<ChosenPaper> Choose(
        IReadOnlyList<RankedMatches?> topics,
        long watermark,
        int maxPapers,
        RankedMatches? trending,
        int maxTrending,
        ReaderProfile profile,
        PaperVectors papers,
        SimilaritySettings settings,
        int similarBit)
    {
        var chosen = DigestChooser.Choose(topics, watermark, maxPapers: 0, trending, maxTrending);
        var first = papers.FirstAfter(watermark);
        var cosines = new float[papers.Count - first];
        for (var i = 0; i < cosines.Length; i++)
        {
            cosines[i] = Vectors.Dot(profile.Vector, papers.Vectors[first + i]);
        }

        // A paper not embedded yet counts as unrelated: it keeps its place by relevance alone.
        float Cosine(long paperId) => papers.IndexOf(paperId) is var index && index >= first ? cosines[index - first] : 0f;

        var relevance = new Dictionary<long, (double Relevance, long? Excerpt)>();
        foreach (var list in topics)
        {
            if (list?.Best is not { Length: > 0 } best)
            {
                continue;
            }

            var top = best[0].Score > 0 ? best[0].Score : 1.0;
            foreach (var match in best)
            {
                var score = match.Score / top;
                if (match.PaperId > watermark && (!relevance.TryGetValue(match.PaperId, out var known) || score > known.Relevance))
                {
                    relevance[match.PaperId] = (score, match.ExcerptId);
                }
            }
        }

        var ranked = relevance
            .Where(r => !profile.Known.Contains(r.Key) && !DigestChooser.IsChosen(chosen, r.Key))
            .Select(r => (PaperId: r.Key, r.Value.Excerpt, Rank: ((1 - settings.Weight) * r.Value.Relevance) + (settings.Weight * Cosine(r.Key))))
            .OrderByDescending(r => r.Rank)
            .ThenByDescending(r => r.PaperId)
            .Take(maxPapers);
        foreach (var (paperId, excerpt, _) in ranked)
        {
            chosen.Add(new ChosenPaper(paperId, DigestChooser.MatchingTopics(topics, paperId), excerpt));
        }

        if (!profile.Liked || settings.MaxSimilar == 0)
        {
            return chosen;
        }

        var similar = Enumerable.Range(0, cosines.Length)
            .Where(i => cosines[i] >= settings.Threshold)
            .Select(i => (PaperId: papers.Ids[first + i], Cosine: cosines[i]))
            .Where(p => !profile.Known.Contains(p.PaperId) && !DigestChooser.IsChosen(chosen, p.PaperId))
            .OrderByDescending(p => p.Cosine)
            .ThenByDescending(p => p.PaperId)
            .Take(settings.MaxSimilar)
            .ToList();
        foreach (var (paperId, _) in similar)
        {
            chosen.Add(new ChosenPaper(paperId, 1 << similarBit, ExcerptId: null));
        }

        return chosen;
    }
}
