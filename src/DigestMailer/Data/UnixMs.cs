namespace DigestMailer.Data;

/// <summary>
/// Instants as the database stores them: Unix milliseconds in an integer column (INTEGER on SQLite, bigint on
/// PostgreSQL), which both engines compare and index the same way. Dapper parameters and columns convert through
/// <see cref="UnixMsTypeHandler"/>; this is for the few places that build raw ADO.NET parameters or arrays.
/// </summary>
public static class UnixMs
{
    public static long From(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static long? From(DateTimeOffset? instant) => instant?.ToUnixTimeMilliseconds();

    public static DateTimeOffset ToInstant(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
