using DigestMailer.Digests;

namespace DigestMailer.Tests.Digests;

public sealed class DigestItemTests
{
    [Fact]
    public void Deserialize_ReadsBackWhatSerializeWrote_NamingEachPapersTopics()
    {
        var json = DigestItem.Serialize(["llm", "\"exact phrase\"", "cat:cs.LG"], [new ChosenPaper(7, 0b101, 42), new ChosenPaper(3, 0b010, null)]);

        Assert.Equal([new DigestItem(7, ["llm", "cat:cs.LG"], 42), new DigestItem(3, ["\"exact phrase\""], null)], DigestItem.Deserialize(json));
    }

    [Fact]
    public void Deserialize_ReadsTheEarlierShapeOfTheLedger()
    {
        const string earlier = """[{"paper":7,"topics":"llm\nrag","excerpt":42},{"paper":3,"topics":"rag","excerpt":null}]""";

        Assert.Equal([new DigestItem(7, ["llm", "rag"], 42), new DigestItem(3, ["rag"], null)], DigestItem.Deserialize(earlier));
    }

    [Fact]
    public void Deserialize_NamesTheTrendingLabelForAPaperChosenAsTrending()
    {
        var json = DigestItem.Serialize(["llm", DigestItem.TrendingLabel], [new ChosenPaper(7, 0b11, null), new ChosenPaper(3, 0b10, null)]);

        Assert.Equal([new DigestItem(7, ["llm", DigestItem.TrendingLabel], null), new DigestItem(3, [DigestItem.TrendingLabel], null)], DigestItem.Deserialize(json));
    }

    [Fact]
    public void Deserialize_ReadsNoTopicsFromAnEmptyStringOfTheEarlierShape()
    {
        const string earlier = """[{"paper":7,"topics":"","excerpt":null}]""";

        Assert.Empty(Assert.Single(DigestItem.Deserialize(earlier)).Topics);
    }

    [Fact]
    public void Equals_ComparesTheTopicsInOrder()
    {
        Assert.Equal(new DigestItem(7, ["llm", "rag"], 42), new DigestItem(7, new List<string> { "llm", "rag" }, 42));
        Assert.Equal(new DigestItem(7, ["llm", "rag"], 42).GetHashCode(), new DigestItem(7, new List<string> { "llm", "rag" }, 42).GetHashCode());
        Assert.NotEqual(new DigestItem(7, ["llm", "rag"], 42), new DigestItem(7, ["rag", "llm"], 42));
    }
}
