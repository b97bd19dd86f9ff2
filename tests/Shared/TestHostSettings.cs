using System.Globalization;

namespace DigestMailer.Testing;

/// <summary>The configuration every test host runs with: its own data folder, the SMTP sink, and nothing that leaves the machine.</summary>
public static class TestHostSettings
{
    public const string AdminKey = "test-admin-key";

    /// <summary>
    /// Only what keeps a host inside its test: its own databases, mail to the sink, sources on loopback. A host
    /// with these and nothing else runs on the shipped <c>appsettings.json</c> and the options' own defaults.
    /// </summary>
    /// <param name="sourcesUrl">
    /// Where the paper sources are read from. By default the discard port, where nothing listens: a test that forgets
    /// to point a source at its fake gets an error, never the internet.
    /// </param>
    public static Dictionary<string, string?> Isolation(string dataDirectory, int smtpPort, string sourcesUrl = "http://127.0.0.1:9")
    {
        var (application, jobs) = TestStorage.ConnectionStrings(dataDirectory);
        return new()
        {
            ["ConnectionStrings:DigestMailer"] = application,
            ["ConnectionStrings:Hangfire"] = jobs,
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Sources:HuggingFace:BaseUrl"] = sourcesUrl,
            ["Sources:Arxiv:ApiBaseUrl"] = sourcesUrl,
            ["Sources:Arxiv:RssBaseUrl"] = sourcesUrl,
            // The sink is a local test relay: http links and a From on localhost are what it should see.
            ["Smtp:AllowInsecureLocalSetup"] = "true",
        };
    }

    /// <summary><see cref="Isolation"/>, plus what makes a test quick and in control of when jobs run.</summary>
    public static Dictionary<string, string?> For(string dataDirectory, int smtpPort, string baseUrl)
    {
        var settings = Isolation(dataDirectory, smtpPort);
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["App:BaseUrl"] = baseUrl,
            ["Admin:ApiKey"] = AdminKey,
            ["Jobs:QueuePollInterval"] = "00:00:00.100",
            ["Subscriptions:RequestApplyDelay"] = "00:00:00.010",
            // February 31st: neither recurring job ever fires by itself during a test, and no ingest runs at start.
            ["Digest:Schedule"] = "0 0 31 2 *",
            ["Sources:Schedule"] = "0 0 31 2 *",
            ["Sources:IngestOnFirstStart"] = "false",
            ["Sources:Arxiv:RequestInterval"] = "00:00:00",
            ["Sources:RetryDelay"] = "00:00:00.010",
            // Embedding costs a model load and about 0.1 s per paper on two cores: only the tests about it turn it on.
            ["Relevance:EmbedAfterIngest"] = "false",
            ["Subscriptions:SignupsPerMinutePerIp"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
            // The test server has no body-size feature for routing to set; the app enforces the limit itself there.
            ["Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware"] = "Error",
        })
        {
            settings[key] = value;
        }

        return settings;
    }
}
