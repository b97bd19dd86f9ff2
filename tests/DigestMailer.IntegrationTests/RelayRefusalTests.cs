using System.Net.Http.Json;
using DigestMailer.Digests;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>What a refusal means depends on what the relay refused: the mailbox, the sender, or "not now".</summary>
public sealed class RelayRefusalTests : AppTest
{
    [Fact]
    public async Task AMailboxTheRelaySaysDoesNotExistFailsThatDigestAndSuppressesTheAddress()
    {
        await SubscribeTwoAndIngestAsync();
        App.Inbox.Refuse("ada@example.org", 550, "5.1.1 <ada@example.org>: Recipient address rejected: User unknown");

        var run = await App.RunDigestAsync("2026-11-25");

        Assert.Equal(("completed", 2, 1, 1, null), (run.Status, run.Planned, run.Sent, run.Failed, run.Reason));
        Assert.Equal("bounced", await StatusOfAsync("ada@example.org"));
        Assert.Equal("active", await StatusOfAsync("bob@example.org"));
    }

    [Fact]
    public async Task APolicyRefusalStopsTheRunKeepsTheDigestsAndBlamesNoSubscriber()
    {
        await SubscribeTwoAndIngestAsync();
        App.Inbox.Refuse("ada@example.org", 550, "5.7.1 Service unavailable; client host [127.0.0.1] blocked using a DNSBL");

        var run = await App.RunDigestAsync("2026-11-25");
        App.Inbox.Accept("ada@example.org");
        var refusedRunId = run.RunId;
        await App.RunDigestAsync("2026-11-25");
        var resumed = await App.WaitForRunAsync(refusedRunId);

        Assert.Equal(("stopped", 2, 0), (run.Status, run.Planned, run.Failed));
        Assert.Contains("5.7.1 Service unavailable", run.Reason, StringComparison.Ordinal);
        Assert.Equal("active", await StatusOfAsync("ada@example.org"));
        Assert.Equal("active", await StatusOfAsync("bob@example.org"));
        Assert.Equal(("completed", 2, 0), (resumed.Status, resumed.Sent, resumed.Failed));
        Assert.Single(Digests("ada@example.org"));
        Assert.Single(Digests("bob@example.org"));
    }

    [Fact]
    public async Task ATemporaryRefusalLeavesThatDigestPendingSendsTheOthersAndTheNextTrySendsIt()
    {
        await SubscribeTwoAndIngestAsync();
        var runId = await App.PlanWithoutSendingAsync("2026-11-25");
        App.Inbox.Refuse("ada@example.org", 450, "4.2.0 Greylisted, try again later");
        var job = App.Service<SendBatchJob>();

        await job.RunAsync(1, long.MaxValue, CancellationToken.None);
        var afterRefusal = await App.CreateAdminClient().GetFromJsonAsync<RunStatus>($"/api/admin/digests/runs/{runId}");
        App.Inbox.Accept("ada@example.org");
        await job.RunAsync(1, long.MaxValue, CancellationToken.None);
        var afterRetry = await App.WaitForRunAsync(runId);

        Assert.Equal(("running", 1, 0), (afterRefusal!.Status, afterRefusal.Sent, afterRefusal.Failed));
        Assert.Equal(("completed", 2), (afterRetry.Status, afterRetry.Sent));
        Assert.Equal("active", await StatusOfAsync("ada@example.org"));
    }

    [Fact]
    public async Task AConfirmationTheRelaySaysHasNoMailboxToGoToSuppressesTheAddress()
    {
        App.Inbox.Refuse("ada@example.org", 550, "5.1.1 <ada@example.org>: Recipient address rejected: User unknown");

        (await App.SignUpAsync("ada@example.org", "quantization")).EnsureSuccessStatusCode();
        await App.WaitUntilNothingIsLeftToSendAsync();

        Assert.Equal("bounced", await StatusOfAsync("ada@example.org"));
        Assert.Empty(App.Inbox.To("ada@example.org"));
    }

    [Fact]
    public async Task ALostLinkMailTheRelaySaysHasNoMailboxToGoToSuppressesTheSubscriber()
    {
        await SubscribeTwoAndIngestAsync();
        App.Inbox.Refuse("ada@example.org", 550, "5.1.1 <ada@example.org>: Recipient address rejected: User unknown");

        await App.RequestPreferencesLinkAsync("ada@example.org");
        await App.WaitUntilNothingIsLeftToSendAsync();

        Assert.Equal("bounced", await StatusOfAsync("ada@example.org"));
        Assert.Equal("active", await StatusOfAsync("bob@example.org"));
    }

    [Fact]
    public async Task AnAccountMailRefusedForAnotherReasonLeavesTheAddressAlone()
    {
        await SubscribeTwoAndIngestAsync();
        App.Inbox.Refuse("ada@example.org", 552, "5.3.4 Message too big for system");

        await App.RequestPreferencesLinkAsync("ada@example.org");
        await App.WaitUntilNothingIsLeftToSendAsync();

        Assert.Equal("active", await StatusOfAsync("ada@example.org"));
    }

    async Task SubscribeTwoAndIngestAsync()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.SubscribeAsync("bob@example.org", "quantization");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization").WithId("2511.90001"));
    }

    async Task<string?> StatusOfAsync(string email) => (await App.SubscriberAsync(email)).Status;

    List<MimeMessage> Digests(string email) =>
        App.Inbox.To(email).Where(m => m.Headers.Contains(HeaderId.ListUnsubscribe)).ToList();
}
