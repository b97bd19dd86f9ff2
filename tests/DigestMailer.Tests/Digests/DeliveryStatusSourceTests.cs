using DigestMailer.Digests;
using DigestMailer.Subscriptions;

namespace DigestMailer.Tests.Digests;

public sealed class DeliveryStatusSourceTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    static readonly Subscriber Ada = new() { Id = 1, Email = "ada@example.org", Status = SubscriberStatus.Active };

    static DigestRecord Row(string date, string status, string items = """{"topics":["quantization"],"papers":[]}""", string? error = null) =>
        new() { Id = 1, DigestDate = date, Status = status, CreatedAt = Now.AddDays(-1), Items = items, LastError = error };

    static IReadOnlyList<string> Notes(params DigestRecord[] rows) =>
        DeliveryStatusSource.Describe(Ada, new RecentDigests(rows, null, DateTimeOffset.UnixEpoch), Now, TimeSpan.FromHours(23)).Notes;

    [Fact]
    public void Notes_SayNoTrendingPaper_ForASkippedTrendingOnlyDigest()
    {
        Assert.Equal(["No new trending paper on 2 December."], Notes(Row("2026-12-02", "skipped", """{"topics":["trending:"],"papers":[]}""")));
    }

    [Fact]
    public void Notes_NameTopicsAndTrending_WhenTheDigestLookedForBoth()
    {
        Assert.Equal(
            ["No new paper matched your topics on 2 December, and none was trending."],
            Notes(Row("2026-12-02", "skipped", """{"topics":["quantization","trending:"],"papers":[]}""")));
    }

    [Fact]
    public void Notes_SayWhyTheSenderSkipped_WhenTheSubscriberHadLeft()
    {
        Assert.Equal(
            ["The digest of 2 December was not sent: your subscription was unsubscribed by then."],
            Notes(Row("2026-12-02", "skipped", error: "subscriber is unsubscribed")));
    }

    [Fact]
    public void Notes_TellARefusedAndAnUnsentDigest_NewestFirst()
    {
        Assert.Equal(
            ["The digest of 3 December is on its way.", "The digest of 2 December could not be delivered: the receiving mail server refused it."],
            Notes(Row("2026-12-03", "pending"), Row("2026-12-02", "failed")));
    }

    [Fact]
    public void Notes_GiveTheYear_OfADateInAnotherYear()
    {
        Assert.Equal(["No new paper matched your topics on 30 December 2025."], Notes(Row("2025-12-30", "skipped")));
    }

    [Fact]
    public void LastDigest_CountsTheSentDigestsPapers_AndNotesOnlyWhatCameAfterIt()
    {
        var sent = Row("2026-12-01", "sent", """{"topics":["quantization"],"papers":[[1,1,null],[2,1,null]]}""");

        var status = DeliveryStatusSource.Describe(Ada, new RecentDigests([Row("2026-12-02", "skipped"), sent], sent, DateTimeOffset.UnixEpoch), Now, TimeSpan.FromHours(23));

        Assert.Equal("1 December: 2 papers", status.LastDigest);
        Assert.Equal(["No new paper matched your topics on 2 December."], status.Notes);
    }

    [Fact]
    public void Next_SaysPaused_ForAPausedSubscriber()
    {
        var paused = new Subscriber { Id = 1, Status = SubscriberStatus.Active, PausedAt = Now };

        Assert.Equal("Paused: no digest goes out until you resume.", DeliveryStatusSource.Describe(paused, new RecentDigests([], null, DateTimeOffset.UnixEpoch), Now, TimeSpan.FromHours(23)).Next);
    }
}
