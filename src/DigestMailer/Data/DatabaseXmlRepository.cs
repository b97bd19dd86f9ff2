using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace DigestMailer.Data;

/// <summary>
/// Keeps the Data Protection key ring (what anti-forgery tokens are protected with) in the database, so every process
/// of a scale-out issues and accepts the same tokens and a restart keeps them valid. Data Protection reads the ring
/// rarely and caches it; the interface is synchronous.
/// </summary>
public sealed class DatabaseXmlRepository(DbConnectionFactory connections, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = connections.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        return [.. connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at").Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = connections.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        connection.Execute(
            """
            INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@friendlyName, @xml, @now)
            ON CONFLICT (friendly_name) DO UPDATE SET xml = excluded.xml
            """,
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), now = time.GetUtcNow() });
    }
}
