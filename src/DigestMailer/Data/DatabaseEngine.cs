using System.Data.Common;

namespace DigestMailer.Data;

/// <summary>The database a connection string names: an SQLite file (the default) or a PostgreSQL server.</summary>
public enum DatabaseEngine
{
    Sqlite,
    PostgreSql,
}

public static class DatabaseEngines
{
    /// <summary>Npgsql's form names a host (<c>Host=db;Database=digestmailer</c>); SQLite's names a file (<c>Data Source=…</c>).</summary>
    public static DatabaseEngine Of(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return builder.ContainsKey("Host") || builder.ContainsKey("Server") ? DatabaseEngine.PostgreSql : DatabaseEngine.Sqlite;
    }
}
