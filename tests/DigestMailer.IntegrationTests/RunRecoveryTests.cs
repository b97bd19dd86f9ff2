using DigestMailer.Digests;
using DigestMailer.IntegrationTests.Infrastructure;

namespace DigestMailer.IntegrationTests;

public sealed class RunRecoveryTests : AppTest
{
    [Fact]
    public async Task AnAdminRunKilledBeforeItsPlanningCommittedIsPlannedAndSentAfterARestart()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        // What a SIGKILL during planning leaves: the run recorded by POST /api/admin/digests/run, no digest planned, and
        // its Hangfire job lost with the process (held invisible for 30 minutes, or never queued at all).
        var runId = await App.Service<DigestRuns>().CreateAsync(new DateOnly(2026, 11, 25), CancellationToken.None);
        Assert.Equal(("running", 0), await StatusAsync(runId));

        App = await App.RestartAsync();

        var run = await App.WaitForRunAsync(runId);
        Assert.Equal(("completed", 1, 1), (run.Status, run.Planned, run.Sent));
        Assert.Single(App.Inbox.To("ada@example.org"), m => (m.Subject ?? "").Contains("Quantization", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ARestartPlansNoRunTwice()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        var run = await App.RunDigestAsync("2026-11-25");

        App = await App.RestartAsync();
        var again = await App.RunDigestAsync("2026-11-25");

        Assert.Equal(("completed", 1), (run.Status, run.Sent));
        Assert.Equal(0, again.Planned);
        Assert.Single(App.Inbox.To("ada@example.org"), m => (m.Subject ?? "").Contains("Quantization", StringComparison.OrdinalIgnoreCase));
    }

    async Task<(string, int)> StatusAsync(string runId)
    {
        var run = await App.Service<DigestRuns>().GetAsync(runId, CancellationToken.None);
        return (run!.Status, run.Planned);
    }
}
