using System.Security.Cryptography;
using Dapper;

namespace DigestMailer.Data;

/// <summary>A secret kept in the database, so every process of a scale-out signs and checks links alike.</summary>
public sealed record SigningKey(byte[] Bytes)
{
    public static SigningKey LoadOrCreate(DbConnectionFactory connections, string name, TimeProvider time)
    {
        using var connection = connections.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        // Whichever process inserts first wins; the others read its key.
        connection.Execute(
            """
            INSERT INTO signing_keys (name, key, created_at) VALUES (@name, @key, @now)
            ON CONFLICT (name) DO NOTHING
            """,
            new { name, key = RandomNumberGenerator.GetBytes(32), now = time.GetUtcNow().ToUnixTimeMilliseconds() });
        return new SigningKey(connection.QuerySingle<byte[]>("SELECT key FROM signing_keys WHERE name = @name", new { name }));
    }
}
