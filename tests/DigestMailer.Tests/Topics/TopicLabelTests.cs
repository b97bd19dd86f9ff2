using DigestMailer.Topics;

namespace DigestMailer.Tests.Topics;

public sealed class TopicLabelTests
{
    [Theory]
    [InlineData("diffusion models", "diffusion models")]
    [InlineData("author:\"Mei Lin\"", "papers by Mei Lin")]
    [InlineData("author:LeCun", "papers by LeCun")]
    [InlineData("cat:cs.LG", "cs.LG")]
    [InlineData("\"low-bit quantization\"", "low-bit quantization")]
    [InlineData("attention -cognitive", "attention without cognitive")]
    [InlineData("transformer cat:cs.LG", "transformer in cs.LG")]
    [InlineData("\"diffusion models\" author:\"Mei Lin\"", "diffusion models by Mei Lin")]
    [InlineData("cat:cs.CL -author:Smith", "cs.CL without papers by Smith")]
    public void Readable_WritesATopicAsAPersonReadsIt(string topic, string expected)
    {
        Assert.Equal(expected, TopicLabel.Readable(topic));
    }

    [Fact]
    public void Readable_ShowsATopicThatNoLongerParsesAsWritten()
    {
        Assert.Equal("\"unclosed", TopicLabel.Readable("\"unclosed"));
    }
}
