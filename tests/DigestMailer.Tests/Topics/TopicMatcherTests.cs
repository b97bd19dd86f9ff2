using DigestMailer.Data;
using DigestMailer.Papers;
using DigestMailer.Tests.Infrastructure;
using DigestMailer.Topics;

namespace DigestMailer.Tests.Topics;

/// <summary>The topic language against each engine's full-text index: the same papers for the same topic on both.</summary>
public abstract class TopicMatcherTests : IDisposable
{
    readonly TestDatabase database;

    protected TopicMatcherTests(DatabaseEngine engine)
    {
        database = new TestDatabase(engine);
        var store = new PaperStore(database.Connections, TimeProvider.System);
        store.UpsertAsync(
        [
            Paper("2511.00001", "Low-Bit Quantization of Large Language Models", "Post-training quantization to four bits.", ["Mei Lin"], ["cs.LG", "cs.CL"]),
            Paper("2511.00002", "Error Mitigation on Noisy Quantum Computers", "Quantum computing with superconducting qubits.", ["Jonas Ø. Berg"], ["quant-ph"]),
            Paper("2511.00003", "Vision Transformers Need Registers", "Transformer models for images, with $\\mathcal{O}(n^2)$ attention.", ["Ana María Ruiz-Gómez"], ["cs.CV"]),
            Paper("2511.00004", "Fault Detection in Power Transformers", "Electrical transformer windings and oil analysis.", ["Ada Author"], ["eess.SY"]),
        ],
        CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        database.Dispose();
        GC.SuppressFinalize(this);
    }

    [Theory]
    [InlineData("quantization", new[] { 1L })]
    [InlineData("quantized", new[] { 1L })]
    [InlineData("quantum computing", new[] { 2L })]
    [InlineData("transformer", new[] { 3L, 4L })]
    [InlineData("transformer -electrical", new[] { 3L })]
    [InlineData("\"power transformers\"", new[] { 4L })]
    [InlineData("author:\"Ana Maria Ruiz-Gomez\"", new[] { 3L })]
    [InlineData("author:berg", new[] { 2L })]
    [InlineData("cat:cs.LG", new[] { 1L })]
    [InlineData("cat:cs.CL quantization", new[] { 1L })]
    [InlineData("mathcal", new[] { 3L })]
    public async Task MatchAsync_FindsThePapersATopicMeans(string topic, long[] expected)
    {
        var matches = await MatchAsync(topic);

        Assert.Equal(expected, matches.Select(m => m.PaperId).Order());
    }

    [Theory]
    [InlineData("\"NEAR(a b)\"")]
    [InlineData("\"AND OR NOT\"")]
    [InlineData("\"{title}: near\"")]
    [InlineData("c++ o'brien")]
    [InlineData("a-b.c/d#e&f")]
    public async Task MatchAsync_TreatsFtsSyntaxInTopicsAsPlainText(string topic)
    {
        await new PaperStore(database.Connections, TimeProvider.System).UpsertAsync(
        [
            Paper("2511.00009", "Near a b: and or not, title near", "C++ code by O'Brien on a-b.c/d#e&f.", ["X"], []),
        ],
        CancellationToken.None);

        var matches = await MatchAsync(topic);

        Assert.NotNull(TopicParser.Parse(topic).Topic);
        Assert.Equal([5L], matches.Select(m => m.PaperId));
    }

    [Fact]
    public async Task MatchAsync_DoesNotMatchAFullNameAcrossTwoAuthors()
    {
        await new PaperStore(database.Connections, TimeProvider.System).UpsertAsync(
            [Paper("2511.00010", "Some Paper", "Abstract.", ["Hao Li", "Wei Zhang"], [])], CancellationToken.None);

        Assert.Empty(await MatchAsync("author:\"Li Wei\""));
        Assert.Single(await MatchAsync("author:\"Hao Li\""));
    }

    [Fact]
    public async Task MatchAsync_TurnsDownAPaperWhoseOnlyFormOfTheWordIsAShorterWord()
    {
        await new PaperStore(database.Connections, TimeProvider.System).UpsertAsync(
        [
            Paper("2511.00005", "Protein Folding at Scale", "We study how chains fold into shapes.", ["A"], []),
            Paper("2511.00006", "Cross-Validation Done Right", "Results over 10-fold splits of the data.", ["B"], []),
            Paper("2511.00007", "Model Editing", "Editing facts in weights.", ["C"], []),
            Paper("2511.00008", "An Edit Distance", "We edit strings.", ["D"], []),
        ],
        CancellationToken.None);

        Assert.Equal([5L], (await MatchAsync("folding")).Select(m => m.PaperId));
        Assert.Equal([7L], (await MatchAsync("editing")).Select(m => m.PaperId));
    }

    [Fact]
    public async Task MatchAsync_RanksATitleMatchAboveAnAbstractMatch()
    {
        await new PaperStore(database.Connections, TimeProvider.System).UpsertAsync(
        [
            Paper("2511.00005", "A Study of Training Dynamics", "We also observe attention sinks in late layers of the network.", ["A"], []),
            Paper("2511.00006", "Attention Sinks", "A short note.", ["B"], []),
        ],
        CancellationToken.None);

        var matches = await MatchAsync("sinks");

        Assert.Equal([6L, 5L], matches.OrderByDescending(m => m.Relevance).Select(m => m.PaperId));
    }

    async Task<IReadOnlyList<TopicMatch>> MatchAsync(string topic)
    {
        await using var connection = await database.Connections.OpenAsync(CancellationToken.None);
        return await database.Matcher.MatchAsync(connection, TopicParser.Parse(topic).Topic!, 0, long.MaxValue, CancellationToken.None);
    }

    static PaperRecord Paper(string id, string title, string summary, string[] authors, string[] categories) => new()
    {
        ArxivId = id,
        Title = title,
        Abstract = summary,
        Authors = authors,
        Categories = categories,
    };
}

public sealed class SqliteTopicMatcherTests() : TopicMatcherTests(DatabaseEngine.Sqlite);

public sealed class PostgresTopicMatcherTests() : TopicMatcherTests(DatabaseEngine.PostgreSql);
