using DigestMailer.Digests;
using DigestMailer.Relevance;

namespace DigestMailer.Tests.Digests;

public sealed class ProfileChooserTests
{
    // Two-dimensional unit vectors at a given cosine to the profile (1, 0): enough to steer the ranking by hand.
    static float[] At(double cosine) => [(float)cosine, (float)Math.Sqrt(1 - (cosine * cosine))];

    static readonly ReaderProfile Reader = new([1f, 0f], Liked: true, Known: new HashSet<long> { 1 });

    static readonly SimilaritySettings Settings = new(Weight: 0.7, Threshold: 0.6, MaxSimilar: 2);

    static RankedMatches Topic(params (long Paper, double Score)[] papers) =>
        new(papers.Select(p => new ScoredPaper(p.Paper, p.Score, ExcerptId: p.Paper * 100)));

    static PaperVectors Papers(params (long Paper, double Cosine)[] papers) =>
        new([.. papers.Select(p => p.Paper)], [.. papers.Select(p => At(p.Cosine))]);

    static List<ChosenPaper> Choose(RankedMatches topic, PaperVectors papers, int maxPapers = 10, ReaderProfile? reader = null) =>
        ProfileChooser.Choose([topic], watermark: 1, maxPapers, trending: null, maxTrending: 0, reader ?? Reader, papers, Settings, similarBit: 1);

    [Fact]
    public void Choose_RanksATopicsPapersByRelevanceAndSimilarityTogether()
    {
        // Paper 2 has the best words, paper 3 is what the reader likes: 0.3 × 0.5 + 0.7 × 0.9 beats 0.3 × 1 + 0.7 × 0.1.
        var chosen = Choose(Topic((2, 4.0), (3, 2.0)), Papers((2, 0.1), (3, 0.9)));

        Assert.Equal([3L, 2L], chosen.Select(p => p.PaperId));
        Assert.Equal([1, 1], chosen.Select(p => p.TopicMask));
    }

    [Fact]
    public void Choose_KeepsEachPapersBestRankOverItsTopics_WhenMoreMatchThanFit()
    {
        // Equal cosines: paper 3 is the second topic's best (relevance 1) and ties paper 2, the newer paper first.
        var chosen = ProfileChooser.Choose(
            [Topic((2, 1.0), (3, 0.5), (4, 0.25)), Topic((3, 1.0), (5, 0.5))],
            watermark: 1, maxPapers: 2, trending: null, maxTrending: 0, Reader, Papers((2, 0.1), (3, 0.1), (4, 0.1), (5, 0.1)), Settings, similarBit: 2);

        Assert.Equal([3L, 2L], chosen.Select(p => p.PaperId));
        Assert.Equal([3, 1], chosen.Select(p => p.TopicMask));
        Assert.Equal(300L, chosen[0].ExcerptId);
    }

    [Fact]
    public void Choose_KeepsTheMatchsExcerpt()
    {
        var chosen = Choose(Topic((2, 1.0)), Papers((2, 0.2)));

        Assert.Equal(200L, Assert.Single(chosen).ExcerptId);
    }

    [Fact]
    public void Choose_AddsNewPapersNoTopicMatched_WhenCloseEnoughToTheProfile()
    {
        var chosen = Choose(Topic((2, 1.0)), Papers((2, 0.3), (4, 0.65), (5, 0.5)));

        Assert.Equal([2L, 4L], chosen.Select(p => p.PaperId));
        Assert.Equal(1 << 1, chosen[1].TopicMask);
        Assert.Null(chosen[1].ExcerptId);
    }

    [Fact]
    public void Choose_NeverListsATopicsPaperAgainAsSimilar()
    {
        var chosen = Choose(Topic((2, 1.0)), Papers((2, 0.95)));

        Assert.Equal(2L, Assert.Single(chosen).PaperId);
    }

    [Fact]
    public void Choose_TakesTheClosestSimilarPapersUpToTheirCap()
    {
        var chosen = Choose(Topic(), Papers((2, 0.7), (3, 0.9), (4, 0.8)));

        Assert.Equal([3L, 4L], chosen.Select(p => p.PaperId));
    }

    [Fact]
    public void Choose_NeverOffersThePapersTheProfileWasMadeFrom()
    {
        var reader = Reader with { Known = new HashSet<long> { 3 } };

        var chosen = Choose(Topic((3, 1.0), (2, 0.5)), Papers((2, 0.2), (3, 1.0)), reader: reader);

        Assert.Equal([2L], chosen.Select(p => p.PaperId));
    }

    [Fact]
    public void Choose_LeavesOutPapersAtOrBelowTheWatermark()
    {
        var chosen = Choose(Topic((1, 5.0), (2, 1.0)), Papers((1, 0.99), (2, 0.1)), reader: Reader with { Known = new HashSet<long>() });

        Assert.Equal([2L], chosen.Select(p => p.PaperId));
    }

    [Fact]
    public void Choose_HasNoSimilarSection_WhenTheProfileComesFromDislikesOnly()
    {
        var chosen = Choose(Topic(), Papers((2, 0.9)), reader: Reader with { Liked = false });

        Assert.Empty(chosen);
    }

    [Fact]
    public void Choose_RanksAPaperWithoutAnEmbeddingByRelevanceAlone()
    {
        var chosen = Choose(Topic((2, 1.0), (3, 0.9)), Papers((3, 0.0)));

        Assert.Equal([2L, 3L], chosen.Select(p => p.PaperId));
    }

    [Fact]
    public void Choose_TakesTrendingFirstAsDigestChooserDoes()
    {
        var trending = new RankedMatches([new ScoredPaper(5, 40, null)]);

        var chosen = ProfileChooser.Choose(
            [Topic((2, 1.0))], watermark: 1, maxPapers: 5, trending, maxTrending: 3, Reader, Papers((2, 0.1), (5, 0.9)), Settings, similarBit: 2);

        Assert.Equal([5L, 2L], chosen.Select(p => p.PaperId));
        Assert.Equal(1 << 1, chosen[0].TopicMask);
    }
}
