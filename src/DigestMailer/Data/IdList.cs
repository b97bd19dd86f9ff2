using System.Text.Json;

namespace DigestMailer.Data;

/// <summary>
/// A list of ids bound as one JSON text parameter, which SQL expands with SQLite's json_each:
/// <c>WHERE id IN (SELECT value FROM json_each(@ids))</c>. Dapper's <c>IN @ids</c> binds one parameter per id, and
/// SQLite looks each name up among all the others: loading a batch's 774 excerpts took 12 ms that way and 1.5 ms this
/// way (measured); nor is there a limit on bound parameters to chunk around. (On PostgreSQL: <c>= ANY(@ids)</c>.)
/// </summary>
public static class IdList
{
    public static string Json(IEnumerable<long> ids) => JsonSerializer.Serialize(ids);
}
