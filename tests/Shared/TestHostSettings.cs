using System.Globalization;

namespace DigestMailer.Testing;

/// <summary>The configuration every test host runs with: its own data folder, the SMTP sink, and nothing that leaves the machine.</summary>
public static class TestHostSettings
{
    public const string AdminKey = "test-admin-key";

    public static Dictionary<string, string?> For(string dataDirectory, int smtpPort, string baseUrl) => new()
    {
        ["ConnectionStrings:DigestMailer"] = $"Data Source={Path.Combine(dataDirectory, "digestmailer.db")}",
        ["ConnectionStrings:Hangfire"] = $"Data Source={Path.Combine(dataDirectory, "hangfire.db")}",
        ["App:BaseUrl"] = baseUrl,
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Admin:ApiKey"] = AdminKey,
        ["Jobs:QueuePollInterval"] = "00:00:00.100",
        // February 31st: neither recurring job ever fires by itself during a test.
        ["Digest:Schedule"] = "0 0 31 2 *",
        ["Sources:Schedule"] = "0 0 31 2 *",
        // Nothing listens on the discard port: a test that forgets to point a source at its fake gets an error, never the internet.
        ["Sources:HuggingFace:BaseUrl"] = "http://127.0.0.1:9",
        ["Sources:Arxiv:ApiBaseUrl"] = "http://127.0.0.1:9",
        ["Sources:Arxiv:RssBaseUrl"] = "http://127.0.0.1:9",
        ["Sources:Arxiv:RequestInterval"] = "00:00:00",
        ["Sources:RetryDelay"] = "00:00:00.010",
        ["Subscriptions:SignupsPerMinutePerIp"] = "1000",
        ["Logging:LogLevel:Default"] = "Warning",
        // The test server has no body-size feature for routing to set; the app enforces the limit itself there.
        ["Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware"] = "Error",
    };
}
