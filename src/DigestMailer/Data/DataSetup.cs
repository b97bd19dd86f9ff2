using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace DigestMailer.Data;

public static class DataSetup
{
    public static IServiceCollection AddData(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = ConnectionStrings.DigestMailer(configuration);
        services.AddSingleton(_ => new DbConnectionFactory(connectionString));
        services.AddSingleton<DatabaseMigrator>();
        // Anti-forgery tokens must survive restarts and be accepted by every process, so the keys live in the
        // database rather than in the user profile.
        services.AddDataProtection().SetApplicationName("DigestMailer");
        services.AddSingleton<DatabaseXmlRepository>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseXmlRepository>((keys, repository) => keys.XmlRepository = repository);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    /// <summary>A key ring kept in the database under <paramref name="name"/>, shared by every process.</summary>
    public static SigningKey SigningKeyNamed(this IServiceProvider services, string name) =>
        SigningKey.LoadOrCreate(services.GetRequiredService<DbConnectionFactory>(), name, services.GetRequiredService<TimeProvider>());
}
