namespace DigestMailer.Data;

/// <summary>The two databases' connection strings (<c>ConnectionStrings:*</c>), with their defaults kept here only.</summary>
public static class ConnectionStrings
{
    public const string DigestMailerName = "DigestMailer";
    public const string HangfireName = "Hangfire";
    public const string DigestMailerDefault = "Data Source=data/digestmailer.db";
    public const string HangfireDefault = "Data Source=data/hangfire.db";

    public static string DigestMailer(IConfiguration configuration) =>
        configuration.GetConnectionString(DigestMailerName) ?? DigestMailerDefault;

    public static string Hangfire(IConfiguration configuration) =>
        configuration.GetConnectionString(HangfireName) ?? HangfireDefault;
}
