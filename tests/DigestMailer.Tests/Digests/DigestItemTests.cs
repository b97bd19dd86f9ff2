using DigestMailer.Digests;

namespace DigestMailer.Tests.Digests;

public sealed class DigestItemTests
{
    [Fact]
    public void Deserialize_ReadsBackWhatSerializeWrote_NamingEachPapersTopics()
    {
        var json = DigestItem.Serialize(["llm", "\"exact phrase\"", "cat:cs.LG"], [new ChosenPaper(7, 0b101, 42), new ChosenPaper(3, 0b010, null)]);

        Assert.Equal([new DigestItem(7, "llm\ncat:cs.LG", 42), new DigestItem(3, "\"exact phrase\"", null)], DigestItem.Deserialize(json));
    }

    [Fact]
    public void Deserialize_ReadsTheEarlierShapeOfTheLedger()
    {
        const string earlier = """[{"paper":7,"topics":"llm\nrag","excerpt":42},{"paper":3,"topics":"rag","excerpt":null}]""";

        Assert.Equal([new DigestItem(7, "llm\nrag", 42), new DigestItem(3, "rag", null)], DigestItem.Deserialize(earlier));
    }

    [Fact]
    public void Deserialize_NamesTheTrendingLabelForAPaperChosenAsTrending()
    {
        var json = DigestItem.Serialize(["llm", DigestItem.TrendingLabel], [new ChosenPaper(7, 0b11, null), new ChosenPaper(3, 0b10, null)]);

        Assert.Equal([new DigestItem(7, "llm\ntrending:", null), new DigestItem(3, "trending:", null)], DigestItem.Deserialize(json));
    }
}
