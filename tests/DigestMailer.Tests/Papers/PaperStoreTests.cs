using Dapper;
using DigestMailer.Data;
using DigestMailer.Papers;
using DigestMailer.Tests.Infrastructure;

namespace DigestMailer.Tests.Papers;

/// <summary>Storing a batch of papers: the same rows on both engines, however each engine sends them.</summary>
public abstract class PaperStoreTests : IDisposable
{
    readonly TestDatabase database;
    readonly PaperStore store;

    protected PaperStoreTests(DatabaseEngine engine)
    {
        database = new TestDatabase(engine);
        store = new PaperStore(database.Connections, TimeProvider.System);
    }

    public void Dispose()
    {
        database.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task UpsertAsync_GivesNewPapersIdsInTheBatchsOrder()
    {
        await store.UpsertAsync([Paper("2511.00003", upvotes: 5), Paper("2511.00001", upvotes: null), Paper("2511.00002", upvotes: 7)], CancellationToken.None);

        Assert.Equal(["2511.00003", "2511.00001", "2511.00002"], await StoredAsync("arxiv_id"));
    }

    [Fact]
    public async Task UpsertAsync_KeepsStoredUpvotesOnlyWhereTheRecordHasNone()
    {
        await store.UpsertAsync([Paper("2511.00001", upvotes: 3), Paper("2511.00002", upvotes: 4)], CancellationToken.None);

        var counts = await store.UpsertAsync([Paper("2511.00001", upvotes: null), Paper("2511.00002", upvotes: 9), Paper("2511.00003", upvotes: null)], CancellationToken.None);

        Assert.Equal(new UpsertCounts(1, 2), counts);
        Assert.Equal(["3", "9", "0"], await StoredAsync("upvotes"));
    }

    async Task<List<string>> StoredAsync(string column)
    {
        await using var connection = await database.Connections.OpenAsync(CancellationToken.None);
        return [.. await connection.QueryAsync<string>($"SELECT CAST({column} AS TEXT) FROM papers ORDER BY id")];
    }

    static PaperRecord Paper(string id, int? upvotes) => new()
    {
        ArxivId = id,
        Title = "Title " + id,
        Abstract = "Abstract.",
        Authors = ["A"],
        Upvotes = upvotes,
    };
}

public sealed class SqlitePaperStoreTests() : PaperStoreTests(DatabaseEngine.Sqlite);

public sealed class PostgresPaperStoreTests() : PaperStoreTests(DatabaseEngine.PostgreSql);
