using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DigestMailer.Data;

public sealed class DatabaseHealthCheck(DbConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM signing_keys", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}
