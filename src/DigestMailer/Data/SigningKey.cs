using System.Security.Cryptography;
using Dapper;

namespace DigestMailer.Data;

/// <summary>
/// A secret kept in the database, so every process of a scale-out signs and checks alike: the current key signs, and
/// the keys it replaced still check what they signed, so rotating a key never breaks a link in an old mail.
/// </summary>
/// <param name="Bytes">The current key.</param>
/// <param name="Retired">Earlier keys, newest first: accepted when checking, never used to sign.</param>
public sealed record SigningKey(byte[] Bytes, IReadOnlyList<byte[]> Retired)
{
    public SigningKey(byte[] bytes)
        : this(bytes, [])
    {
    }

    /// <summary>The current key first, then the retired ones.</summary>
    public IEnumerable<byte[]> All => Retired.Prepend(Bytes);

    /// <summary>
    /// Reads the key ring called <paramref name="name"/>, creating its first key if there is none. Whichever process
    /// inserts first wins; the others read its key. Rotated keys are rows named <c>{name}/{n}</c>.
    /// </summary>
    public static SigningKey LoadOrCreate(DbConnectionFactory connections, string name, TimeProvider time)
    {
        using var connection = connections.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        connection.Execute(
            """
            INSERT INTO signing_keys (name, key, created_at) VALUES (@name, @key, @now)
            ON CONFLICT (name) DO NOTHING
            """,
            new { name, key = RandomNumberGenerator.GetBytes(32), now = time.GetUtcNow() });
        var keys = connection.Query<byte[]>(
            "SELECT key FROM signing_keys WHERE name = @name OR name LIKE @rotated ORDER BY created_at DESC, name DESC",
            new { name, rotated = name + "/%" }).ToList();
        return new SigningKey(keys[0], keys[1..]);
    }

    /// <summary>Adds a new current key to the ring; processes sign with it once restarted.</summary>
    public static void Rotate(DbConnectionFactory connections, string name, TimeProvider time)
    {
        using var connection = connections.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        var now = time.GetUtcNow();
        connection.Execute(
            "INSERT INTO signing_keys (name, key, created_at) VALUES (@name, @key, @now)",
            new { name = $"{name}/{UnixMs.From(now)}", key = RandomNumberGenerator.GetBytes(32), now });
    }
}
