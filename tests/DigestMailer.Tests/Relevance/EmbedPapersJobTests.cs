using System.Globalization;
using Dapper;
using DigestMailer.Papers;
using DigestMailer.Relevance;
using DigestMailer.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DigestMailer.Tests.Relevance;

public sealed class EmbedPapersJobTests : IDisposable
{
    readonly TestDatabase database = new();
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.Zero));

    EmbedPapersJob Job() => new(new EmbeddingStore(database.Connections, clock), ProfileSet.Model, NullLogger<EmbedPapersJob>.Instance);

    async Task AddPapersAsync(int count, int first = 1) => await new PaperStore(database.Connections, TimeProvider.System).UpsertAsync(
        [.. Enumerable.Range(first, count).Select(n => new PaperRecord
        {
            ArxivId = string.Create(CultureInfo.InvariantCulture, $"2601.{n:D5}"),
            Title = $"Paper {n}",
            Abstract = "Short.",
            Authors = ["A. Author"],
        })],
        CancellationToken.None);

    async Task<long> EmbeddedAsync()
    {
        await using var connection = await database.Connections.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM paper_embeddings");
    }

    [Fact]
    public async Task RunAsync_EmbedsEveryPaperWithoutAVector_InSeveralBatches()
    {
        await AddPapersAsync(EmbedPapersJob.BatchSize + 5);

        await Job().RunAsync(CancellationToken.None);

        Assert.Equal(EmbedPapersJob.BatchSize + 5, await EmbeddedAsync());
    }

    [Fact]
    public async Task RunAsync_EmbedsOnlyTheNewPapers_WhenRunAgain()
    {
        await AddPapersAsync(2);
        await Job().RunAsync(CancellationToken.None);
        var firstRun = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await AddPapersAsync(1, first: 3);
        clock.Advance(TimeSpan.FromHours(1));

        await Job().RunAsync(CancellationToken.None);

        await using var connection = await database.Connections.OpenAsync(CancellationToken.None);
        var written = (await connection.QueryAsync<long>("SELECT created_at FROM paper_embeddings ORDER BY paper_id")).ToList();
        Assert.Equal([firstRun, firstRun, firstRun + 3_600_000], written);
    }

    [Fact]
    public async Task RunAsync_StopsWhenCancelled_AndTheNextRunCatchesUp()
    {
        await AddPapersAsync(3);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Job().RunAsync(new CancellationToken(canceled: true)));
        Assert.Equal(0, await EmbeddedAsync());

        await Job().RunAsync(CancellationToken.None);
        Assert.Equal(3, await EmbeddedAsync());
    }

    public void Dispose() => database.Dispose();
}
