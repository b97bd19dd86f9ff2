using DigestMailer.Digests;

namespace DigestMailer.Tests.Digests;

public sealed class DigestMailTests
{
    [Theory]
    [InlineData(1, new[] { "quantization" }, "1 new paper on quantization")]
    [InlineData(7, new[] { "quantization", "spiking neural networks" }, "7 new papers on quantization, spiking neural networks")]
    [InlineData(9, new[] { "a", "b", "c", "d", "e" }, "9 new papers on a, b, c and 2 more")]
    public void Subject_SaysHowManyPapersOnWhichTopics(int count, string[] topics, string expected)
    {
        Assert.Equal(expected, DigestMail.Subject(count, topics));
    }

    [Theory]
    [InlineData(10, new string[0], "10 trending papers")]
    [InlineData(1, new string[0], "1 trending paper")]
    [InlineData(12, new[] { "quantization" }, "12 new papers: trending, quantization")]
    [InlineData(12, new[] { "a", "b", "c" }, "12 new papers: trending, a, b and 1 more")]
    public void Subject_SaysTrendingFirst_WhenTheDigestHasTrendingPapers(int count, string[] topics, string expected)
    {
        Assert.Equal(expected, DigestMail.Subject(count, topics, trending: true));
    }

    [Theory]
    [InlineData(3, new string[0], "3 new papers like those you liked")]
    [InlineData(1, new string[0], "1 new paper like those you liked")]
    [InlineData(4, new[] { "quantization" }, "4 new papers on quantization")]
    public void Subject_NamesTheLikedPapers_WhenOnlySimilarPapersCame(int count, string[] topics, string expected)
    {
        Assert.Equal(expected, DigestMail.Subject(count, topics, similar: true));
    }
}
