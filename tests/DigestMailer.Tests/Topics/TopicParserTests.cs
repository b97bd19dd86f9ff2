using DigestMailer.Topics;

namespace DigestMailer.Tests.Topics;

public sealed class TopicParserTests
{
    [Fact]
    public void Parse_ReturnsOneWordTermPerWord_ForPlainWords()
    {
        var topic = Parsed("diffusion   models");

        Assert.Equal("diffusion models", topic.Text);
        Assert.Equal([new TopicTerm(TopicTermKind.Word, "diffusion", false), new TopicTerm(TopicTermKind.Word, "models", false)], topic.Terms);
    }

    [Fact]
    public void Parse_KeepsAQuotedPhraseTogether()
    {
        var topic = Parsed("\"low-bit quantization\" llm");

        Assert.Equal(new TopicTerm(TopicTermKind.Phrase, "low-bit quantization", false), topic.Terms[0]);
    }

    [Theory]
    [InlineData("author:LeCun", TopicTermKind.Author, "LeCun")]
    [InlineData("author:\"Yann LeCun\"", TopicTermKind.Author, "Yann LeCun")]
    [InlineData("AUTHOR:\"Ana María Ruiz-Gómez\"", TopicTermKind.Author, "Ana María Ruiz-Gómez")]
    [InlineData("cat:cs.LG", TopicTermKind.Category, "cs.LG")]
    [InlineData("cat:hep-th", TopicTermKind.Category, "hep-th")]
    public void Parse_RecognisesFieldFilters(string input, TopicTermKind kind, string text)
    {
        Assert.Equal(new TopicTerm(kind, text, false), Assert.Single(Parsed(input).Terms));
    }

    [Fact]
    public void Parse_MarksAMinusWordAsExcluded()
    {
        var topic = Parsed("transformer -electrical");

        Assert.True(topic.Terms[1].Negated);
        Assert.Equal("electrical", topic.Terms[1].Text);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("   ", 1)]
    [InlineData("\"", 1)]
    [InlineData("graph \"neural networks", 7)]
    [InlineData("AND OR NEAR(", 1)]
    [InlineData("llm OR vision", 5)]
    [InlineData("NEAR(a b)", 1)]
    [InlineData("llm*", 1)]
    [InlineData("title:llm", 1)]
    [InlineData("cat:cs.123", 1)]
    [InlineData("cat:cs.LG.extra", 1)]
    [InlineData("author:\"\"", 1)]
    [InlineData("-only -exclusions", 1)]
    [InlineData("---", 1)]
    [InlineData("llm\r\nBcc: x", 4)]
    [InlineData("llm\u202E", 4)]
    [InlineData("diffusion\u200Bmodels", 10)]
    [InlineData("\uFEFFllm", 1)]
    [InlineData("llm \u2066x", 5)]
    public void Parse_FailsWithAPosition_ForTextItCannotUse(string input, int position)
    {
        var result = TopicParser.Parse(input);

        Assert.Null(result.Topic);
        Assert.False(string.IsNullOrEmpty(result.Error));
        Assert.Equal(position, result.Position);
    }

    [Fact]
    public void Parse_Fails_ForATopicLongerThan200Characters()
    {
        Assert.Null(TopicParser.Parse(new string('a', 201)).Topic);
        Assert.NotNull(TopicParser.Parse(new string('a', 200)).Topic);
    }

    [Fact]
    public void ToFtsQuery_QuotesEveryTermAndScopesItToItsColumns()
    {
        var query = Parsed("diffusion \"video models\" author:Lin cat:cs.CV -survey").ToFtsQuery();

        Assert.Equal(
            "({title abstract} : \"diffusion\" AND {title abstract} : \"video models\" AND {authors} : \"Lin\" AND {categories} : \"cs.CV\") NOT {title abstract} : \"survey\"",
            query);
    }

    [Fact]
    public void Key_IsTheSameForTopicsThatDifferOnlyInCaseAndSpacing()
    {
        Assert.Equal(Parsed("Diffusion  Models").Key, Parsed("diffusion models").Key);
    }

    static Topic Parsed(string input) => TopicParser.Parse(input).Topic ?? throw new InvalidOperationException(TopicParser.Parse(input).Error);
}
