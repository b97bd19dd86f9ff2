using DigestMailer.Papers.Sources;

namespace DigestMailer.Tests.Papers;

public sealed class ArxivRssParserTests
{
    static IReadOnlyList<ArxivAnnouncement> ParseSample() =>
        ArxivRssParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "arxiv_rss_math.OC.xml")));

    [Fact]
    public void Parse_ReadsEveryAnnouncementWithItsKind()
    {
        var announcements = ParseSample();

        Assert.Equal([("2203.01250", "replace-cross", true), ("2509.99903", "new", false)],
            announcements.Select(a => (a.Paper.ArxivId, a.AnnounceType, a.IsReplacement)));
    }

    [Fact]
    public void Parse_TakesTheAbstractWithoutTheAnnouncementPreamble()
    {
        var replaced = ParseSample()[0].Paper;

        Assert.StartsWith("We consider first order local minimization problems", replaced.Abstract, StringComparison.Ordinal);
        Assert.Equal(3, replaced.Version);
        Assert.Equal(["Antonin Monteil", "Paul Pegon"], replaced.Authors);
        Assert.Equal(["math.AP", "math.OC"], replaced.Categories);
        Assert.Equal("10.5802/jep.257", replaced.Doi);
    }

    [Fact]
    public void Parse_Throws_WhenAnItemHasNoArxivId()
    {
        Assert.Throws<FormatException>(() => ArxivRssParser.Parse("<rss><channel><item><title>T</title><guid>nothing</guid></item></channel></rss>"));
    }
}
