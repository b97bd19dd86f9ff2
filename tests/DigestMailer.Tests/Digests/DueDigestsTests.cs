using DigestMailer.Digests;

namespace DigestMailer.Tests.Digests;

public sealed class DueDigestsTests
{
    static readonly DateOnly Date = new(2026, 12, 3);

    // Subscribers 1, 3 and 4 are due; 2 is not, so its topics are passed over as they stream by.
    static DueDigests ThreeDue()
    {
        var due = new DueDigests();
        due.Add(1, Date, watermark: 50, maxPapers: null, trending: false);
        due.Add(3, Date, watermark: 20, maxPapers: 5, trending: true);
        due.Add(4, Date, watermark: 70, maxPapers: null, trending: false);
        foreach (var (subscriber, topic) in new[] { (1L, "llm"), (1L, "diffusion"), (2L, "robotics"), (3L, "llm"), (4L, "graphs"), (5L, "llm") })
        {
            due.AddTopic(subscriber, topic);
        }

        return due;
    }

    [Fact]
    public void EachDueSubscriberGetsItsOwnTopicsInOrder()
    {
        var digests = ThreeDue().Chunks(10).Single();

        Assert.Equal([1L, 3L, 4L], digests.Select(d => d.SubscriberId));
        Assert.Equal(["llm", "diffusion"], digests[0].Topics);
        Assert.Equal(["llm"], digests[1].Topics);
        Assert.Equal(["graphs"], digests[2].Topics);
    }

    [Fact]
    public void TopicsOfSubscribersWhoAreNotDueAreNotMatched()
    {
        Assert.DoesNotContain("robotics", ThreeDue().DistinctTopics);
    }

    [Fact]
    public void ADueSubscriberWithoutTopicsHasNone()
    {
        var due = new DueDigests();
        due.Add(7, Date, watermark: 1, maxPapers: null, trending: true);
        due.AddTopic(8, "llm");

        Assert.Empty(due.Chunks(10).Single().Single().Topics);
    }

    [Fact]
    public void EachTopicIsMatchedFromTheLowestWatermarkOfItsFollowers()
    {
        var lowest = ThreeDue().LowestWatermarkPerTopic();

        Assert.Equal(new Dictionary<string, long> { ["llm"] = 20, ["diffusion"] = 50, ["graphs"] = 70 }, lowest);
    }

    [Fact]
    public void TheLowestWatermarkOfASelectionIsNullWhenNobodyIsSelected()
    {
        var due = ThreeDue();

        Assert.Equal(20, due.LowestWatermark((_, trending) => trending));
        Assert.Null(due.LowestWatermark((id, _) => id > 100));
    }

    [Fact]
    public void ChunksKeepEveryDigestOnceInSubscriberOrder()
    {
        var chunks = ThreeDue().Chunks(2).ToList();

        Assert.Equal([2, 1], chunks.Select(c => c.Length));
        Assert.Equal([1L, 3L, 4L], chunks.SelectMany(c => c).Select(d => d.SubscriberId));
        Assert.Equal(5, chunks[0][1].MaxPapers);
    }

    [Fact]
    public void SubscribersOutOfIdOrderAreRefused()
    {
        var due = new DueDigests();
        due.Add(5, Date, 0, null, false);

        Assert.Throws<InvalidOperationException>(() => due.Add(4, Date, 0, null, false));
    }
}
