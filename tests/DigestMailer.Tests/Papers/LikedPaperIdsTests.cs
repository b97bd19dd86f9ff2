using DigestMailer.Papers;

namespace DigestMailer.Tests.Papers;

public sealed class LikedPaperIdsTests
{
    [Theory]
    [InlineData("2401.01234", "2401.01234")]
    [InlineData(" 2401.01234v3 ", "2401.01234")]
    [InlineData("arXiv:2401.01234", "2401.01234")]
    [InlineData("arxiv: 1706.03762v7", "1706.03762")]
    [InlineData("0704.0001", "0704.0001")]
    [InlineData("hep-th/9711200", "hep-th/9711200")]
    [InlineData("hep-th/9711200v3", "hep-th/9711200")]
    [InlineData("math.GT/0309136", "math.GT/0309136")]
    [InlineData("https://arxiv.org/abs/2401.01234", "2401.01234")]
    [InlineData("http://arxiv.org/abs/2401.01234v2", "2401.01234")]
    [InlineData("arxiv.org/abs/hep-th/9711200", "hep-th/9711200")]
    [InlineData("https://arxiv.org/pdf/2401.01234v1.pdf", "2401.01234")]
    [InlineData("https://arxiv.org/pdf/2401.01234", "2401.01234")]
    [InlineData("https://export.arxiv.org/abs/2401.01234/", "2401.01234")]
    [InlineData("https://www.arxiv.org/abs/2401.01234?context=cs", "2401.01234")]
    [InlineData("10.48550/arXiv.2401.01234", "2401.01234")]
    [InlineData("https://doi.org/10.48550/arXiv.2401.01234", "2401.01234")]
    [InlineData("doi:10.48550/arxiv.1706.03762", "1706.03762")]
    public void TryParse_GivesTheBareId(string text, string expected)
    {
        Assert.True(LikedPaperIds.TryParse(text, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("2401.1234")] // four digits after 2015
    [InlineData("1401.12345")] // five digits before 2015
    [InlineData("2413.01234")] // month 13
    [InlineData("9999.99999")]
    [InlineData("0612.0001")] // before new-style ids existed
    [InlineData("2401.01234x")]
    [InlineData("2401.01234\u0000")]
    [InlineData("not an id")]
    [InlineData("https://example.org/abs/2401.01234")]
    [InlineData("10.1000/xyz123")]
    [InlineData("hep-th/97112")]
    [InlineData("2401.01234 2401.05678")]
    [InlineData("２４０１.０１２３４")] // fullwidth digits
    [InlineData("arXiv:2401.٠١٢٣٤")] // Arabic-Indic digits
    public void TryParse_Fails_WhenTheTextNamesNoArxivPaper(string? text)
    {
        Assert.False(LikedPaperIds.TryParse(text, out _));
    }

    [Fact]
    public void FindIn_FindsIdsInsideUrlsDoisAndPrefixedMentions()
    {
        var found = LikedPaperIds.FindIn("arXiv preprint arXiv:1706.03762; see https://arxiv.org/abs/2509.99901v2 and 10.48550/arXiv.hep-th/9711200");

        Assert.Equal(["1706.03762", "2509.99901", "hep-th/9711200"], found);
    }

    [Fact]
    public void FindIn_SkipsIdsWrittenInOtherDigits()
    {
        Assert.Empty(LikedPaperIds.FindIn("arXiv:２４０１.０１２３４ and https://arxiv.org/abs/2401.٠١٢٣٤"));
    }
}
