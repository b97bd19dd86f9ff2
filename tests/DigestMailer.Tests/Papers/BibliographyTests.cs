using System.Text;
using DigestMailer.Papers;

namespace DigestMailer.Tests.Papers;

public sealed class BibliographyTests
{
    static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    [Fact]
    public void Scan_ReadsAZoteroBibtexExport_ByUrlDoiAndEprint()
    {
        var scan = Bibliography.Scan(Sample("likes_zotero.bib"));

        Assert.Equal(["1706.03762", "2509.99901", "hep-th/9711200"], scan.Ids);
        Assert.Equal((4, 3), (scan.Entries, scan.Recognised));
    }

    [Fact]
    public void Scan_ReadsAGoogleScholarBibtexExport_ByTheJournalLine()
    {
        var scan = Bibliography.Scan(Sample("likes_scholar.bib"));

        Assert.Equal(["1706.03762", "2509.99902"], scan.Ids);
        Assert.Equal((3, 2), (scan.Entries, scan.Recognised));
    }

    [Fact]
    public void Scan_ReadsARisExport()
    {
        var scan = Bibliography.Scan(Sample("likes_zotero.ris"));

        Assert.Equal(["1706.03762", "2509.99901"], scan.Ids);
        Assert.Equal((3, 2), (scan.Entries, scan.Recognised));
    }

    [Fact]
    public void Scan_ReadsPlainTextAsOneEntryPerLine()
    {
        var scan = Bibliography.Scan("2401.01234\r\nhttps://arxiv.org/abs/1706.03762v5\nno id here\n2401.01234v2\n");

        Assert.Equal(["2401.01234", "1706.03762"], scan.Ids);
        Assert.Equal((4, 3), (scan.Entries, scan.Recognised));
    }

    [Fact]
    public void Scan_IgnoresAnEprintOfAnotherArchive()
    {
        var scan = Bibliography.Scan("@article{x, title={T}, eprint={2401.01234}, archivePrefix={HAL}}");

        Assert.Equal((1, 0), (scan.Entries, scan.Recognised));
    }

    [Fact]
    public void Scan_SurvivesAnUnclosedEntry()
    {
        var scan = Bibliography.Scan("@misc{broken, title = {never closed, eprint = {2401.01234}\n@misc{ok, eprint = {1706.03762}, archivePrefix = {arXiv}}");

        Assert.Contains("1706.03762", scan.Ids);
    }

    [Fact]
    public void BibtexFields_JoinsConcatenatedValuesAndKeepsBracesInQuotes()
    {
        var fields = Bibliography.BibtexFields("key,\n title = \"A {B} = C\" # { and D},\n year = 2020,\n url = {https://arxiv.org/abs/2401.01234}\n}");

        Assert.Equal([("title", "A B = C and D"), ("year", "2020"), ("url", "https://arxiv.org/abs/2401.01234")], fields);
    }

    [Fact]
    public void Decode_AcceptsUtf8WithAByteOrderMark()
    {
        var (text, error) = Bibliography.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("@misc{ø, eprint={2401.01234}}")]);

        Assert.Null(error);
        Assert.StartsWith("@misc{ø", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A, 0x00, 0x01 })] // %PDF-1.4 with binary
    [InlineData(new byte[] { 0xFF, 0xFE, 0x40, 0x00, 0x6D, 0x00 })] // UTF-16
    [InlineData(new byte[] { 0x40, 0x6D, 0x69, 0x73, 0x63, 0xC3, 0x28 })] // broken UTF-8
    public void Decode_RefusesWhatIsNotUtf8Text(byte[] bytes)
    {
        var (text, error) = Bibliography.Decode(bytes);

        Assert.Null(text);
        Assert.Contains("not a text file", error, StringComparison.Ordinal);
    }
}
