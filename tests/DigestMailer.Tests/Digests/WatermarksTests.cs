using DigestMailer.Digests;

namespace DigestMailer.Tests.Digests;

public sealed class WatermarksTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 25, 7, 0, 0, TimeSpan.Zero);

    // Papers 101..110 ingested one per hour, the last one an hour ago.
    static readonly (long Id, DateTimeOffset IngestedAt)[] Recent =
        [.. Enumerable.Range(1, 10).Select(i => (100L + i, Now - TimeSpan.FromHours(11 - i)))];

    static Watermarks Make(TimeSpan lookback) => new(Recent, through: 110, Now, lookback, oldestNews: TimeSpan.FromDays(8));

    [Fact]
    public void For_KeepsThePreviousDigestsWatermark()
    {
        Assert.Equal(107, Make(TimeSpan.FromHours(24)).For(previous: 107, confirmedAt: null));
    }

    [Fact]
    public void For_AFirstDigestTakesThePapersIngestedWithinTheLookbackBeforeConfirming()
    {
        var confirmed = Now - TimeSpan.FromHours(1);

        // Confirmed an hour ago with 4 hours of lookback: the papers of the last 5 hours, 106 to 110.
        Assert.Equal(105, Make(TimeSpan.FromHours(4)).For(previous: null, confirmedAt: confirmed));
    }

    [Fact]
    public void For_AFirstDigestNeverLooksFromLaterThanNow()
    {
        var confirmed = Now + TimeSpan.FromHours(5);

        Assert.Equal(106, Make(TimeSpan.FromHours(4)).For(previous: null, confirmedAt: confirmed));
    }

    [Fact]
    public void For_AFirstDigestStartsAtTheNewestPaper_WhenNothingWasIngestedSinceItsCutoff()
    {
        Assert.Equal(110, new Watermarks([], through: 110, Now, TimeSpan.FromHours(4), TimeSpan.FromDays(8)).For(previous: null, confirmedAt: null));
    }

    [Fact]
    public void For_NeverReachesBackFurtherThanTheOldestNews()
    {
        var marks = new Watermarks(Recent, through: 110, Now, TimeSpan.FromHours(1), oldestNews: TimeSpan.FromHours(3));

        Assert.Equal(107, marks.For(previous: 50, confirmedAt: null));
    }
}
