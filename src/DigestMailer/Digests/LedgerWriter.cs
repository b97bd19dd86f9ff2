using System.Data;
using System.Data.Common;
using DigestMailer.Data;

namespace DigestMailer.Digests;

/// <summary>
/// The ledger's writes from the send jobs of this process: one at a time, over one connection, each statement
/// prepared once. SQLite takes one writer at a time anyway; waiting for the turn here rather than in SQLite avoids its
/// busy handler, which sleeps at least 1 ms whenever a write finds the database locked (with two jobs, about one mark
/// in seven waited that long, measured). And one connection keeps its page cache, where a connection per job re-reads
/// the pages every other job's commit changed: four jobs marking over one connection took about 115 µs of CPU per
/// mark, over four connections 140-170 µs (measured). Other writers and other processes still meet in busy_timeout.
/// </summary>
public sealed class LedgerWriter(DbConnectionFactory connections) : IAsyncDisposable, IDisposable
{
    readonly SemaphoreSlim turn = new(1, 1);
    readonly Dictionary<string, DbCommand> prepared = new(StringComparer.Ordinal);
    DbConnection? connection;

    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        RunAsync(sql, parameters, command => command.ExecuteNonQueryAsync(CancellationToken.None), cancellationToken);

    /// <summary>Runs a statement whose first column is an id (such as an UPDATE … RETURNING id) and collects the ids.</summary>
    public Task<List<long>> QueryIdsAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        RunAsync(
            sql,
            parameters,
            async command =>
            {
                var ids = new List<long>();
                await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    ids.Add(reader.GetInt64(0));
                }

                return ids;
            },
            cancellationToken);

    // The token only bounds the wait for the turn: a statement that has started runs to its end, so an outcome
    // (such as a message the relay accepted) is recorded even while the server shuts down.
    async Task<T> RunAsync<T>(string sql, (string Name, object? Value)[] parameters, Func<DbCommand, Task<T>> run, CancellationToken cancellationToken)
    {
        await turn.WaitAsync(cancellationToken);
        try
        {
            connection ??= await connections.OpenAsync(CancellationToken.None);
            var command = Prepared(sql, parameters);
            foreach (var (name, value) in parameters)
            {
                command.Parameters[name].Value = value ?? DBNull.Value;
            }

            return await run(command);
        }
        catch
        {
            // Whatever went wrong, the next write starts over on a new connection rather than on one in doubt.
            await CloseAsync();
            throw;
        }
        finally
        {
            turn.Release();
        }
    }

    DbCommand Prepared(string sql, (string Name, object? Value)[] parameters)
    {
        if (!prepared.TryGetValue(sql, out var command))
        {
            command = connection!.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                // PostgreSQL prepares a statement with its parameters' types; each parameter keeps one type (a null
                // one here is always text: an error message).
                parameter.DbType = value switch
                {
                    long => DbType.Int64,
                    int => DbType.Int32,
                    _ => DbType.String,
                };
                command.Parameters.Add(parameter);
            }

            command.Prepare();
            prepared.Add(sql, command);
        }

        return command;
    }

    async Task CloseAsync()
    {
        foreach (var command in prepared.Values)
        {
            await command.DisposeAsync();
        }

        prepared.Clear();
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        turn.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
