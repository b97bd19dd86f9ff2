using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigestMailer.Email;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>Smtp:MaxMessagesPerSecond and Smtp:Connections hold across the batches of a run, on the service's clock.</summary>
public sealed class SendingLimitsTests : AppTest
{
    static readonly string[] Emails = ["ada@example.org", "bob@example.org", "eve@example.org", "max@example.org"];

    public override async ValueTask InitializeAsync() => App = await DigestMailerApp.StartAsync(new Dictionary<string, string?>
    {
        ["Smtp:MaxMessagesPerSecond"] = "1",
        ["Smtp:Connections"] = "1",
        // Two batches of two, which Hangfire's four workers would otherwise send side by side.
        ["Digest:BatchSize"] = "2",
    });

    [Fact]
    public async Task OneMessageGoesOutPerSecondOfTheClockOverOneConnectionAtATime()
    {
        foreach (var email in Emails)
        {
            // Each confirmation mail takes the turn of one second.
            App.Clock.Advance(TimeSpan.FromSeconds(1));
            await App.SubscribeAsync(email, "quantization");
        }

        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var runId = await StartRunAsync();
        var throttle = App.Service<SendThrottle>();

        // The first batch sent one digest and waits for its next turn; the second waits for the one connection.
        await WaitUntilAsync(() => throttle.Waiting == (1, 1));
        var afterFirst = DigestCount();
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        // The first batch is done; the second has the connection and waits for its turn.
        await WaitUntilAsync(() => throttle.Waiting == (1, 0) && DigestCount() == 2);
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => throttle.Waiting == (1, 0) && DigestCount() == 3);
        App.Clock.Advance(TimeSpan.FromSeconds(1));
        var run = await App.WaitForRunAsync(runId);

        Assert.Equal(1, afterFirst);
        Assert.Equal(("completed", 4), (run.Status, run.Sent));
        Assert.Equal(4, DigestCount());
    }

    async Task<string> StartRunAsync()
    {
        var started = await App.CreateAdminClient().PostAsJsonAsync("/api/admin/digests/run", new { date = "2026-11-25" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
    }

    int DigestCount() => App.Inbox.Messages.Count(m => m.Headers.Contains(HeaderId.ListUnsubscribe));

    static Task WaitUntilAsync(Func<bool> condition) =>
        Eventually.HoldsAsync(() => Task.FromResult(condition()), "the throttle and the inbox reach the expected state");
}
