using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using DigestMailer.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>
/// The built service as a child process, SIGKILLed at random points of a digest run and started again each time.
/// The ledger promises every due subscriber exactly one digest recorded sent, and a crash can repeat at most the
/// messages on the wire: one per SMTP connection (Smtp:Connections), here 2.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    const int Subscribers = 240;
    const int Kills = 20;
    const int Connections = 2;
    const string AdminKey = "chaos-admin-key";

    [Fact]
    public async Task SigkillsDuringADigestRunLoseNoDigestAndRepeatAtMostOnePerConnectionPerKill()
    {
        var folder = Path.Combine(Path.GetTempPath(), "digestmailer-chaos", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await using var sink = await SmtpSink.StartAsync();
        var port = ServiceProcess.FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        var environment = Settings(folder, port, sink.Port);
        var service = ServiceProcess.Start(environment);
        try
        {
            await service.WaitHealthyAsync(http, TimeSpan.FromSeconds(60));
            var emails = await SubscribeAsync(http, sink);
            (await http.PostAsync("/api/admin/papers", JsonContent(PapersJson()))).EnsureSuccessStatusCode();
            var started = await http.PostAsJsonAsync("/api/admin/digests/run", new { date = "2026-11-25" });
            started.EnsureSuccessStatusCode();
            var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString();

            // Kills at random moments of the sending: once the (re)started service has sent something, or has had its
            // chance to, within a random fraction of a second (the seed is printed, so a failure can be replayed).
            var seed = Environment.TickCount;
            var random = new Random(seed);
            output.WriteLine($"seed {seed}");
            for (var kill = 0; kill < Kills; kill++)
            {
                var before = DigestsIn(sink);
                var progress = DateTime.UtcNow.AddSeconds(3);
                while (DigestsIn(sink) == before && DateTime.UtcNow < progress)
                {
                    await Task.Delay(10);
                }

                await Task.Delay(random.Next(0, 400));
                await service.KillAsync();
                output.WriteLine($"kill {kill + 1}: {DigestsIn(sink)} digests received, {await SentAsync(folder)} recorded sent");
                await service.DisposeAsync();
                service = ServiceProcess.Start(environment);
                await service.WaitHealthyAsync(http, TimeSpan.FromSeconds(60));
            }

            // The claims the last kills left become stale after Digest:StaleSendingAfter; the restart's sweep resends them.
            await Eventually.HoldsAsync(
                async () => (await http.GetFromJsonAsync<JsonElement>($"/api/admin/digests/runs/{runId}")).GetProperty("status").GetString() == "completed",
                "the run completed after the last restart",
                TimeSpan.FromSeconds(60));

            var ledger = await LedgerAsync(folder);
            Assert.Equal(Subscribers, ledger.Count);
            Assert.All(ledger, row => Assert.Equal((1, "sent"), (row.Digests, row.Status)));
            var received = sink.Messages.Where(m => m.Headers.Contains(HeaderId.ListId))
                .GroupBy(m => m.To.Mailboxes.Single().Address, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
            var repeats = received.Values.Sum(count => count - 1);
            output.WriteLine($"{received.Count} subscribers received their digest; {repeats} repeated in {Kills} kills");
            Assert.Equal(emails.Order(), received.Keys.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
            Assert.InRange(repeats, 0, Kills * Connections);
        }
        finally
        {
            await service.DisposeAsync();
            TestStorage.Remove(folder);
        }
    }

    static Dictionary<string, string> Settings(string folder, int port, int smtpPort) => new()
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["App__BaseUrl"] = $"http://localhost:{port}",
        ["Admin__ApiKey"] = AdminKey,
        ["ConnectionStrings__DigestMailer"] = $"Data Source={Path.Combine(folder, "digestmailer.db")}",
        ["ConnectionStrings__Hangfire"] = $"Data Source={Path.Combine(folder, "hangfire.db")}",
        ["Smtp__Host"] = "127.0.0.1",
        ["Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Smtp__Security"] = "None",
        ["Smtp__AllowInsecureLocalSetup"] = "true",
        ["Smtp__Connections"] = Connections.ToString(CultureInfo.InvariantCulture),
        // Slow enough that the 20 kills land while digests are on the wire, not after the run is over.
        ["Smtp__MaxMessagesPerSecond"] = "25",
        // Small batches: a kill strands only the claims of the batches on the wire until they are stale.
        ["Digest__BatchSize"] = "5",
        ["Digest__StaleSendingAfter"] = "00:00:10",
        ["Digest__Schedule"] = "0 0 31 2 *",
        ["Sources__Schedule"] = "0 0 31 2 *",
        ["Sources__IngestOnFirstStart"] = "false",
        ["Jobs__QueuePollInterval"] = "00:00:00.100",
        ["Subscriptions__SignupsPerMinutePerIp"] = "100000",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>Signs up and confirms every subscriber through the API, the links taken from the mails the sink received.</summary>
    static async Task<List<string>> SubscribeAsync(HttpClient http, SmtpSink sink)
    {
        var emails = Enumerable.Range(1, Subscribers).Select(i => $"reader{i:D3}@example.org").ToList();
        await Parallel.ForEachAsync(emails, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (email, token) =>
            (await http.PostAsync("/api/subscriptions", JsonContent($$"""{"email":"{{email}}","topics":["quantization"]}"""), token)).EnsureSuccessStatusCode());
        await Eventually.HoldsAsync(() => Task.FromResult(sink.Messages.Count >= Subscribers), "every confirmation mail arrived", TimeSpan.FromSeconds(60));
        await Parallel.ForEachAsync(sink.Messages, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (mail, token) =>
        {
            var confirm = AppScenarios.TokenFrom(AppScenarios.LinkIn(mail, "/confirm"));
            (await http.PostAsync("/api/subscriptions/confirm", JsonContent(JsonSerializer.Serialize(new { token = confirm })), token)).EnsureSuccessStatusCode();
        });
        return emails;
    }

    static string PapersJson() => new JsonArray(Enumerable.Range(1, 3)
        .Select(i => (JsonNode)PaperBuilder.Titled($"Low-Bit Quantization, Part {i}").ToJson()).ToArray()).ToJsonString();

    static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    static int DigestsIn(SmtpSink sink) => sink.Messages.Count(m => m.Headers.Contains(HeaderId.ListId));

    static async Task<long> SentAsync(string folder)
    {
        await using var connection = Open(folder);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM digests WHERE status = 'sent'");
    }

    static async Task<List<(string Email, int Digests, string Status)>> LedgerAsync(string folder)
    {
        await using var connection = Open(folder);
        return (await connection.QueryAsync<(string, int, string)>(
            """
            SELECT s.email, COUNT(d.id), MIN(d.status)
            FROM subscribers s LEFT JOIN digests d ON d.subscriber_id = s.id AND d.digest_date = '2026-11-25'
            WHERE s.status = 'active'
            GROUP BY s.email
            """)).AsList();
    }

    static SqliteConnection Open(string folder) =>
        new($"Data Source={Path.Combine(folder, "digestmailer.db")};Pooling=False");
}
