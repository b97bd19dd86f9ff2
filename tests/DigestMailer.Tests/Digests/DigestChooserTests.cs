using DigestMailer.Digests;

namespace DigestMailer.Tests.Digests;

public sealed class DigestChooserTests
{
    static RankedMatches Topic(params (long Paper, double Score)[] papers) =>
        new(papers.Select(p => new ScoredPaper(p.Paper, p.Score, ExcerptId: (p.Paper * 100) + (long)p.Score)));

    [Fact]
    public void Choose_RanksPapersByScoreAndKeepsAtMostMaxPapers()
    {
        var chosen = DigestChooser.Choose([Topic((1, 1.0), (2, 3.0), (3, 2.0))], watermark: 0, maxPapers: 2);

        Assert.Equal([2L, 3L], chosen.Select(p => p.PaperId));
    }

    [Fact]
    public void Choose_BreaksATieForTheNewerPaper()
    {
        var chosen = DigestChooser.Choose([Topic((4, 1.0), (7, 1.0))], watermark: 0, maxPapers: 5);

        Assert.Equal([7L, 4L], chosen.Select(p => p.PaperId));
    }

    [Fact]
    public void Choose_LeavesOutPapersAtOrBelowTheWatermark()
    {
        var chosen = DigestChooser.Choose([Topic((10, 9.0), (11, 1.0), (12, 2.0))], watermark: 10, maxPapers: 5);

        Assert.Equal([12L, 11L], chosen.Select(p => p.PaperId));
    }

    [Fact]
    public void Choose_MergesTopicsByEachPapersBestScoreWithoutRepeatingAPaper()
    {
        var chosen = DigestChooser.Choose([Topic((1, 5.0), (2, 1.0)), Topic((2, 4.0), (3, 3.0))], watermark: 0, maxPapers: 5);

        Assert.Equal([1L, 2L, 3L], chosen.Select(p => p.PaperId));
    }

    [Fact]
    public void Choose_NamesEveryTopicThatMatchedAPaperAndShowsTheExcerptOfTheBestScoringOne()
    {
        var chosen = DigestChooser.Choose([Topic((2, 1.0)), null, Topic((2, 4.0))], watermark: 0, maxPapers: 5);

        var paper = Assert.Single(chosen);
        Assert.Equal((0b101, 204L), (paper.TopicMask, paper.ExcerptId));
    }

    [Fact]
    public void Choose_ShowsTheFirstTopicsExcerpt_WhenTwoTopicsScoreAPaperTheSame()
    {
        var first = new RankedMatches([new ScoredPaper(5, 2.0, ExcerptId: 1)]);
        var second = new RankedMatches([new ScoredPaper(5, 2.0, ExcerptId: 2)]);

        Assert.Equal(1L, DigestChooser.Choose([first, second], watermark: 0, maxPapers: 5).Single().ExcerptId);
    }

    [Fact]
    public void Choose_IsEmpty_WhenNoTopicMatchedAnythingNew()
    {
        Assert.Empty(DigestChooser.Choose([null, Topic((3, 1.0))], watermark: 3, maxPapers: 5));
    }

    static RankedMatches Votes(params (long Paper, int Upvotes)[] papers) =>
        new(papers.Select(p => new ScoredPaper(p.Paper, p.Upvotes, ExcerptId: null)));

    [Fact]
    public void Choose_TakesTheTrendingPapersFirstInVoteOrderUpToTheirOwnCap()
    {
        var chosen = DigestChooser.Choose([], watermark: 0, maxPapers: 20, trending: Votes((1, 5), (2, 50), (3, 20)), maxTrending: 2);

        Assert.Equal([(2L, 0b1), (3L, 0b1)], chosen.Select(p => (p.PaperId, p.TopicMask)));
    }

    [Fact]
    public void Choose_FillsTheTopicsUpToMaxPapersBesideTheTrendingOnes()
    {
        var chosen = DigestChooser.Choose(
            [Topic((1, 9.0), (2, 8.0), (3, 7.0))], watermark: 0, maxPapers: 2, trending: Votes((4, 30), (5, 10)), maxTrending: 2);

        Assert.Equal([4L, 5L, 1L, 2L], chosen.Select(p => p.PaperId));
    }

    [Fact]
    public void Choose_ListsAPaperBothTrendingAndMatchedOnceAsTrendingNamingTheTopicAndItsExcerpt()
    {
        var chosen = DigestChooser.Choose([null, Topic((7, 3.0), (8, 1.0))], watermark: 0, maxPapers: 5, trending: Votes((7, 40)), maxTrending: 5);

        Assert.Equal([(7L, 0b110, (long?)703), (8L, 0b010, 801)], chosen.Select(p => (p.PaperId, p.TopicMask, p.ExcerptId)));
    }

    [Fact]
    public void Choose_LeavesOutTrendingPapersAtOrBelowTheWatermark()
    {
        var chosen = DigestChooser.Choose([], watermark: 10, maxPapers: 5, trending: Votes((9, 100), (11, 2)), maxTrending: 5);

        Assert.Equal([11L], chosen.Select(p => p.PaperId));
    }

    [Fact]
    public void Choose_ChoosesNoTrendingPapers_WhenTheSubscriberDidNotAskForThem()
    {
        var chosen = DigestChooser.Choose([Topic((1, 1.0))], watermark: 0, maxPapers: 5, trending: null, maxTrending: 5);

        Assert.Equal([(1L, 0b1)], chosen.Select(p => (p.PaperId, p.TopicMask)));
    }
}
