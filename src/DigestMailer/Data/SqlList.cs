using System.Text.Json;

namespace DigestMailer.Data;

/// <summary>
/// A list of values bound as one parameter: the one place the engines differ for it. SQLite expands a JSON text with
/// json_each; Dapper's <c>IN @ids</c> would bind one parameter per id, and SQLite looks each name up among all the
/// others: loading a batch's 774 excerpts took 12 ms that way and 1.5 ms this way (measured), with no limit on bound
/// parameters to chunk around. PostgreSQL takes an array (and Dapper passes lists to Npgsql as arrays anyway).
/// </summary>
public sealed class SqlList(DatabaseEngine engine)
{
    /// <summary>The condition that <paramref name="column"/> is in the list bound as <c>@</c><paramref name="parameter"/>.</summary>
    public string Contains(string column, string parameter) => engine == DatabaseEngine.PostgreSql
        ? $"{column} = ANY(@{parameter})"
        : $"{column} IN (SELECT value FROM json_each(@{parameter}))";

    public object Bind<T>(IEnumerable<T> values) => engine == DatabaseEngine.PostgreSql ? values.ToArray() : JsonSerializer.Serialize(values);
}
