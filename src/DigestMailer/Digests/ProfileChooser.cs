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
            cosines[i] = Vectors.Dot(profile.Vector, papers[first + i]);
        }

        // Measured for 10,000 profiled readers of 3 broad topics each: sorting every match cost most of the time;
        // a bounded best-of list over each topic's matches does not.
        var best = new Best(maxPapers);
        foreach (var list in topics)
        {
            if (list?.Best is not { Length: > 0 } matches)
            {
                continue;
            }

            var top = matches[0].Score > 0 ? matches[0].Score : 1.0;
            foreach (var match in matches)
            {
                if (match.PaperId <= watermark || profile.Known.Contains(match.PaperId) || DigestChooser.IsChosen(chosen, match.PaperId))
                {
                    continue;
                }

                // A paper not embedded yet counts as unrelated: it keeps its place by relevance alone.
                var index = papers.IndexOf(match.PaperId);
                var cosine = index >= first ? cosines[index - first] : 0f;
                best.Offer(match.PaperId, ((1 - settings.Weight) * (match.Score / top)) + (settings.Weight * cosine), match.ExcerptId);
            }
        }

        foreach (var (paperId, excerpt) in best.InOrder())
        {
            chosen.Add(new ChosenPaper(paperId, DigestChooser.MatchingTopics(topics, paperId), excerpt));
        }

        if (!profile.Liked || settings.MaxSimilar == 0)
        {
            return chosen;
        }

        var similar = new Best(settings.MaxSimilar);
        for (var i = 0; i < cosines.Length; i++)
        {
            var paperId = papers.Ids[first + i];
            if (cosines[i] >= settings.Threshold && !profile.Known.Contains(paperId) && !DigestChooser.IsChosen(chosen, paperId))
            {
                similar.Offer(paperId, cosines[i], excerpt: null);
            }
        }

        foreach (var (paperId, _) in similar.InOrder())
        {
            chosen.Add(new ChosenPaper(paperId, 1 << similarBit, ExcerptId: null));
        }

        return chosen;
    }

    /// <summary>The highest-ranked papers offered, at most a digest's worth; a paper offered twice keeps its better rank.</summary>
    sealed class Best(int capacity)
    {
        readonly List<(long PaperId, double Rank, long? Excerpt)> papers = new(capacity);

        // The lowest-ranked paper kept, once the list is full: most offers rank below it and stop at one comparison.
        int worst = -1;

        public void Offer(long paperId, double rank, long? excerpt)
        {
            var offered = (paperId, rank, excerpt);
            // Below the worst kept, a paper is out; had it been offered before with a better rank, it keeps that one.
            if (capacity == 0 || (worst >= 0 && !Before(offered, papers[worst])))
            {
                return;
            }

            var known = papers.FindIndex(p => p.PaperId == paperId);
            if (known >= 0)
            {
                if (rank > papers[known].Rank)
                {
                    papers[known] = offered;
                    worst = papers.Count == capacity ? Worst() : -1;
                }

                return;
            }

            if (papers.Count < capacity)
            {
                papers.Add(offered);
                worst = papers.Count == capacity ? Worst() : -1;
                return;
            }

            papers[worst] = offered;
            worst = Worst();
        }

        int Worst()
        {
            var index = 0;
            for (var i = 1; i < papers.Count; i++)
            {
                if (Before(papers[index], papers[i]))
                {
                    index = i;
                }
            }

            return index;
        }

        /// <summary>Best first; on a tie, the newer paper first.</summary>
        public IEnumerable<(long PaperId, long? Excerpt)> InOrder() =>
            papers.OrderByDescending(p => p.Rank).ThenByDescending(p => p.PaperId).Select(p => (p.PaperId, p.Excerpt));

        static bool Before((long PaperId, double Rank, long? Excerpt) a, (long PaperId, double Rank, long? Excerpt) b) =>
            a.Rank > b.Rank || (a.Rank == b.Rank && a.PaperId > b.PaperId);
    }
}
