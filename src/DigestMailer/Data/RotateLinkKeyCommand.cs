using Microsoft.Extensions.Logging.Abstractions;

namespace DigestMailer.Data;

/// <summary>
/// <c>dotnet DigestMailer.dll rotate-link-key</c>: adds a new key for the links in mail (confirm, unsubscribe,
/// preferences) to the database named by ConnectionStrings:DigestMailer, then exits without starting the service.
/// Processes sign with it once restarted; links signed with earlier keys keep working.
/// </summary>
public static class RotateLinkKeyCommand
{
    public const string Name = "rotate-link-key";

    /// <summary>The key ring the link tokens are signed with.</summary>
    public const string LinkTokensKey = "link-tokens";

    /// <returns>True when the arguments asked for this command (it ran, and the process should exit).</returns>
    public static bool TryRun(string[] args, IConfiguration configuration)
    {
        if (!args.Contains(Name, StringComparer.Ordinal))
        {
            return false;
        }

        var connections = new DbConnectionFactory(ConnectionStrings.DigestMailer(configuration));
        try
        {
            new DatabaseMigrator(connections, NullLogger<DatabaseMigrator>.Instance).Migrate();
            SigningKey.LoadOrCreate(connections, LinkTokensKey, TimeProvider.System);
            SigningKey.Rotate(connections, LinkTokensKey, TimeProvider.System);
        }
        finally
        {
            connections.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        Console.WriteLine("A new link-signing key is in the database. Restart every process to sign with it; links signed with earlier keys keep working.");
        return true;
    }
}
