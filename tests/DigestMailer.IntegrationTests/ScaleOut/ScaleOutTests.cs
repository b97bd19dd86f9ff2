using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using DigestMailer.IntegrationTests.Infrastructure;
using Npgsql;

namespace DigestMailer.IntegrationTests.ScaleOut;

/// <summary>
/// Three processes of the published build on one PostgreSQL database share a digest run; one is killed in the middle
/// of sending, two are stopped as a service manager stops them. Real processes, real PostgreSQL, real SMTP over TCP.
/// </summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    const int Subscribers = 3000;
    const int WorkersPerProcess = 2;
    const string AdminKey = "scale-out-admin-key";
    readonly List<Host> hosts = [];
    string database = "";
    SmtpSink inbox = null!;

    public async ValueTask InitializeAsync()
    {
        TestPostgres.SkipUnlessConfigured();
        database = TestPostgres.CreateDatabase();
        inbox = await SmtpSink.StartAsync();
    }

    [Fact]
    public async Task ThreeProcessesSendEachDigestOnceAndOnlyTheKilledOnesMessagesOnTheWireCanRepeat()
    {
        // The first process creates the schema; the others start together, as replicas do.
        await StartAsync(1);
        await StartAsync(2);
        var (first, second, doomed) = (hosts[0], hosts[1], hosts[2]);
        await SeedSubscribersAsync();
        await IngestAsync(first, "Low-Bit Quantization of Language Models", "Quantized Attention Kernels");

        await RunDigestAsync(second);
        await Eventually.HoldsAsync(() => Task.FromResult(inbox.Messages.Count >= Subscribers / 5), "a fifth of the digests went out");
        await doomed.Process.KillAsync();
        var sentBeforeTheKill = inbox.Messages.Count;
        Assert.True(sentBeforeTheKill < Subscribers, "The run was over before the kill: nothing was in flight.");
        // What the killed process had claimed stays 'sending' until its claim is stale; the next run (hourly in
        // production) sends it again.
        await Eventually.HoldsAsync(NothingFreshlyClaimedAsync, "the killed process's claims became stale", TimeSpan.FromSeconds(60));
        await RunDigestAsync(first);
        await Eventually.HoldsAsync(async () => await CountAsync("status = 'sent'") == Subscribers, "every digest was sent", TimeSpan.FromSeconds(90));

        var received = inbox.Messages.GroupBy(m => m.To.Mailboxes.Single().Address).ToDictionary(g => g.Key, g => g.Count());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{inbox.Messages.Count} messages for {received.Count} subscribers; {received.Values.Sum(count => count - 1)} repeated after the kill");
        Assert.Equal(Subscribers, await CountAsync("status = 'sent'"));
        Assert.Equal(Subscribers, received.Count);
        // At most one message per send job that was on the wire when the process died: its workers.
        Assert.InRange(received.Values.Sum(count => count - 1), 0, WorkersPerProcess);

        await Task.WhenAll(first.Process.TerminateAsync(TimeSpan.FromSeconds(30)), second.Process.TerminateAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal((0, 0), (first.Process.Process.ExitCode, second.Process.Process.ExitCode));
        Assert.DoesNotContain("fail:", first.Process.Output + second.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoppingAProcessMidSendLeavesEveryDigestSentOrPendingAndNothingHalfSent()
    {
        await StartAsync(1);
        var host = hosts[0];
        await SeedSubscribersAsync();
        await IngestAsync(host, "Low-Bit Quantization of Language Models");

        await RunDigestAsync(host);
        await Eventually.HoldsAsync(() => Task.FromResult(inbox.Messages.Count >= Subscribers / 10), "a tenth of the digests went out");
        await host.Process.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, host.Process.Process.ExitCode);
        Assert.Equal(0L, await CountAsync("status = 'sending'"));
        // Every message the relay accepted is recorded sent, and nothing recorded sent is missing from the relay.
        Assert.Equal(inbox.Messages.Count, await CountAsync("status = 'sent'"));
        Assert.True(await CountAsync("status = 'pending'") > 0, "The run finished before the stop: nothing was handed back.");
    }

    /// <summary>Starts <paramref name="count"/> processes of the published build together and waits until each answers.</summary>
    async Task StartAsync(int count)
    {
        var published = await PublishedBuild.DirectoryAsync();
        var started = Enumerable.Range(0, count).Select(_ =>
        {
            var port = ServiceProcess.FreePort();
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            var settings = Settings();
            settings["ASPNETCORE_URLS"] = client.BaseAddress.ToString().TrimEnd('/');
            return new Host(ServiceProcess.Start(settings, published), client);
        }).ToList();
        hosts.AddRange(started);
        await Task.WhenAll(started.Select(host => host.Process.WaitHealthyAsync(host.Client, TimeSpan.FromSeconds(60))));
    }

    Dictionary<string, string> Settings() => new()
    {
        ["ConnectionStrings__DigestMailer"] = database,
        ["ConnectionStrings__Hangfire"] = database,
        ["Admin__ApiKey"] = AdminKey,
        ["Smtp__Host"] = "127.0.0.1",
        ["Smtp__Port"] = inbox.Port.ToString(CultureInfo.InvariantCulture),
        ["Smtp__Security"] = "None",
        ["Smtp__AllowInsecureLocalSetup"] = "true",
        // Slow enough that a kill lands in the middle of sending, on this machine and on a faster one.
        ["Smtp__MaxMessagesPerSecond"] = "250",
        ["Digest__Schedule"] = "0 0 31 2 *",
        ["Digest__BatchSize"] = "100",
        ["Digest__StaleSendingAfter"] = "00:00:10",
        ["Sources__Schedule"] = "0 0 31 2 *",
        ["Sources__IngestOnFirstStart"] = "false",
        ["Jobs__WorkerCount"] = WorkersPerProcess.ToString(CultureInfo.InvariantCulture),
        ["Jobs__QueuePollInterval"] = "00:00:00.200",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    async Task SeedSubscribersAsync()
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.ExecuteAsync(
            """
            INSERT INTO subscribers (email, email_key, status, created_at, confirmed_at)
            SELECT 'reader' || i || '@example.org', 'reader' || i || '@example.org', 'active', 0, 0 FROM generate_series(1, @count) AS i;
            INSERT INTO subscriber_topics (subscriber_id, position, topic) SELECT id, 0, 'quantization' FROM subscribers;
            """,
            new { count = Subscribers });
    }

    static async Task IngestAsync(Host host, params string[] titles)
    {
        var papers = new JsonArray([.. titles.Select(title => (JsonNode)PaperBuilder.Titled(title).ToJson())]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/papers")
        {
            Content = new StringContent(papers.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", AdminKey);
        (await host.Client.SendAsync(request)).EnsureSuccessStatusCode();
    }

    static async Task RunDigestAsync(Host host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/digests/run") { Content = JsonContent.Create(new { }) };
        request.Headers.Add("X-Api-Key", AdminKey);
        var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString());
    }

    async Task<bool> NothingFreshlyClaimedAsync() =>
        await CountAsync("status = 'pending' OR (status = 'sending' AND claimed_at >= @staleBefore)") == 0;

    async Task<long> CountAsync(string condition)
    {
        await using var connection = new NpgsqlConnection(database);
        return await connection.ExecuteScalarAsync<long>(
            $"SELECT COUNT(*) FROM digests WHERE {condition}",
            new { staleBefore = DateTimeOffset.UtcNow.AddSeconds(-11).ToUnixTimeMilliseconds() });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.Process.DisposeAsync();
            host.Client.Dispose();
        }

        if (inbox is not null)
        {
            await inbox.DisposeAsync();
        }

        if (database.Length > 0)
        {
            TestPostgres.DropDatabase(database);
        }
    }
}

/// <summary>One process of a scale-out and a client for its HTTP port.</summary>
sealed record Host(ServiceProcess Process, HttpClient Client);
