using Dapper;
using DigestMailer.Data;
using DigestMailer.Tests.Infrastructure;

namespace DigestMailer.Tests.Data;

/// <summary>Instants go to and from the database as Unix-millisecond integers, on both engines.</summary>
public abstract class UnixMsTypeHandlerTests : IAsyncLifetime
{
    static readonly DateTimeOffset Instant = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_123_456);

    readonly TestDatabase database;

    protected UnixMsTypeHandlerTests(DatabaseEngine engine) => database = new TestDatabase(engine);

    public async ValueTask InitializeAsync()
    {
        await using var connection = await database.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("CREATE TABLE instants (id BIGINT NOT NULL, at BIGINT NOT NULL, maybe_at BIGINT)");
    }

    public ValueTask DisposeAsync()
    {
        database.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Parameters_AreWrittenAsUnixMilliseconds()
    {
        await InsertAsync(1, Instant, Instant.AddHours(1));

        var stored = await QuerySingleAsync<(long At, long MaybeAt)>("SELECT at, maybe_at FROM instants");

        Assert.Equal((1_764_000_123_456L, 1_764_003_723_456L), stored);
    }

    [Fact]
    public async Task Parameters_ComparedWithAnIntegerColumn_MatchTheInstant()
    {
        await InsertAsync(1, Instant, null);

        var found = await QuerySingleAsync<long>("SELECT COUNT(*) FROM instants WHERE at = @Instant AND maybe_at IS NULL", new { Instant });

        Assert.Equal(1, found);
    }

    [Fact]
    public async Task NullableParameters_WithoutAValue_AreWrittenAsNull()
    {
        await InsertAsync(1, Instant, null);

        Assert.Null(await QuerySingleAsync<long?>("SELECT maybe_at FROM instants"));
    }

    [Fact]
    public async Task Records_MaterialisedByConstructor_ReadInstantsAndNulls()
    {
        await InsertAsync(1, Instant, Instant.AddMinutes(5));
        await InsertAsync(2, Instant, null);

        var rows = await QueryAsync<InstantRecord>("SELECT id, at, maybe_at AS MaybeAt FROM instants ORDER BY id");

        Assert.Equal([new InstantRecord(1, Instant, Instant.AddMinutes(5)), new InstantRecord(2, Instant, null)], rows);
    }

    [Fact]
    public async Task Classes_WithProperties_ReadInstantsAndNulls()
    {
        await InsertAsync(1, Instant, null);

        var row = Assert.Single(await QueryAsync<InstantRow>("SELECT at AS At, maybe_at AS MaybeAt FROM instants"));

        Assert.Equal((Instant, (DateTimeOffset?)null), (row.At, row.MaybeAt));
    }

    [Fact]
    public async Task Tuples_ReadInstantsAndNulls()
    {
        await InsertAsync(1, Instant, null);

        var row = Assert.Single(await QueryAsync<(long Id, DateTimeOffset At, DateTimeOffset? MaybeAt)>("SELECT id, at, maybe_at FROM instants"));

        Assert.Equal((1L, Instant, (DateTimeOffset?)null), row);
    }

    [Fact]
    public async Task Scalars_ReadAsInstants()
    {
        await InsertAsync(1, Instant, null);

        Assert.Equal(Instant, await QuerySingleAsync<DateTimeOffset>("SELECT MAX(at) FROM instants"));
        Assert.Null(await QuerySingleAsync<DateTimeOffset?>("SELECT MAX(maybe_at) FROM instants"));
    }

    async Task InsertAsync(long id, DateTimeOffset at, DateTimeOffset? maybeAt)
    {
        await using var connection = await database.Connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("INSERT INTO instants (id, at, maybe_at) VALUES (@id, @at, @maybeAt)", new { id, at, maybeAt });
    }

    async Task<T> QuerySingleAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await database.Connections.OpenAsync(CancellationToken.None);
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }

    async Task<List<T>> QueryAsync<T>(string sql)
    {
        await using var connection = await database.Connections.OpenAsync(CancellationToken.None);
        return [.. await connection.QueryAsync<T>(sql)];
    }

    public sealed record InstantRecord(long Id, DateTimeOffset At, DateTimeOffset? MaybeAt);

    public sealed class InstantRow
    {
        public DateTimeOffset At { get; init; }

        public DateTimeOffset? MaybeAt { get; init; }
    }
}

public sealed class SqliteUnixMsTypeHandlerTests() : UnixMsTypeHandlerTests(DatabaseEngine.Sqlite);

public sealed class PostgresUnixMsTypeHandlerTests() : UnixMsTypeHandlerTests(DatabaseEngine.PostgreSql);
