using DigestMailer.Papers;

namespace DigestMailer.Tests.Papers;

public sealed class PaperTextTests
{
    [Fact]
    public void HighlightedHtml_MarksAMatchedPhraseAsOneMark()
    {
        var html = PaperText.HighlightedHtml("We study \u0002low\u0003 \u0002bit\u0003 \u0002quantization\u0003 of weights.");

        Assert.Equal(1, CountMarks(html));
        Assert.Contains(">low bit quantization</mark>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void HighlightedHtml_MarksAHyphenatedWordAsOneMark_WhenItsPartsComeMarkedApart()
    {
        var html = PaperText.HighlightedHtml("We study \u0002low\u0003-\u0002bit\u0003 \u0002quantization\u0003 of weights.");

        Assert.Equal(1, CountMarks(html));
        Assert.Contains(">low-bit quantization</mark>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void HighlightedHtml_KeepsMarksApart_WhenWordsStandBetweenThem()
    {
        var html = PaperText.HighlightedHtml("\u0002diffusion\u0003 and \u0002models\u0003");

        Assert.Equal(2, CountMarks(html));
    }

    [Fact]
    public void HighlightedHtml_EncodesThePapersTextAndRendersItsMath()
    {
        var html = PaperText.HighlightedHtml("<b>$\\alpha$</b> & \u0002x\u0003");

        Assert.Equal("&lt;b&gt;α&lt;/b&gt; &amp; <mark class=\"dm-mark\" style=\"background:#fde68a;color:#111827;\">x</mark>", html);
    }

    [Fact]
    public void Plain_DropsTheMarksAndRendersTheMath()
    {
        Assert.Equal("a Θ(1) bound", PaperText.Plain("a \u0002$\\Theta(1)$\u0003 bound"));
    }

    [Fact]
    public void Excerpt_CutsALongAbstractAtAWordBoundary()
    {
        var excerpt = PaperText.Excerpt(string.Join(' ', Enumerable.Repeat("word", 200)));

        Assert.EndsWith("word …", excerpt, StringComparison.Ordinal);
        Assert.True(excerpt.Length <= 330);
    }

    [Fact]
    public void Excerpt_KeepsAShortAbstractWhole()
    {
        Assert.Equal("Short.", PaperText.Excerpt("Short."));
    }

    [Fact]
    public void Authors_NamesTheFirstFewAndCountsTheRest()
    {
        Assert.Equal("A, B and 2 more", PaperText.Authors("A\nB\nC\nD", shown: 2));
    }

    static int CountMarks(string html) => html.Split("<mark").Length - 1;
}
