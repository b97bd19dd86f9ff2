using System.Net.Http.Json;
using DigestMailer.Digests;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>Jobs run at least once: twice, concurrently, or again after a crash. Every subscriber still gets one digest.</summary>
public sealed class DeliveryReliabilityTests : AppTest
{
    [Fact]
    public async Task TwoCopiesOfASendBatchJobSendEachDigestOnce()
    {
        await SubscribeThreeAndIngestAsync();
        await App.PlanWithoutSendingAsync("2026-11-25");

        var job = App.Service<SendBatchJob>();
        await Task.WhenAll(
            job.RunAsync(1, long.MaxValue, CancellationToken.None),
            job.RunAsync(1, long.MaxValue, CancellationToken.None));
        await job.RunAsync(1, long.MaxValue, CancellationToken.None);

        foreach (var email in Emails)
        {
            Assert.Single(Digests(email));
        }
    }

    [Fact]
    public async Task ACrashBetweenSendingAndSentLosesNoDigestAndSendsNoneTwice()
    {
        await SubscribeThreeAndIngestAsync();
        var runId = await App.PlanWithoutSendingAsync("2026-11-25");
        // The process claims the batch (pending → sending) and dies before any message goes out.
        await App.Service<DigestLedger>().ClaimAsync(1, long.MaxValue, CancellationToken.None);

        App = await App.RestartAsync();
        await App.RunDigestAsync("2026-11-25");
        var whileClaimed = await App.CreateAdminClient().GetFromJsonAsync<RunStatus>($"/api/admin/digests/runs/{runId}");
        App.Clock.Advance(TimeSpan.FromMinutes(11));
        await App.RunDigestAsync("2026-11-25");
        var run = await App.WaitForRunAsync(runId);

        Assert.Equal(("running", 0), (whileClaimed!.Status, whileClaimed.Sent));
        Assert.Equal((3, 3), (run.Planned, run.Sent));
        foreach (var email in Emails)
        {
            Assert.Single(Digests(email));
        }
    }

    [Fact]
    public async Task AClaimThatIsNotYetStaleIsLeftToTheProcessHoldingIt()
    {
        await SubscribeThreeAndIngestAsync();
        await App.PlanWithoutSendingAsync("2026-11-25");
        await App.Service<DigestLedger>().ClaimAsync(1, long.MaxValue, CancellationToken.None);

        await App.Service<SendBatchJob>().RunAsync(1, long.MaxValue, CancellationToken.None);

        foreach (var email in Emails)
        {
            Assert.Empty(Digests(email));
        }
    }

    [Fact]
    public async Task AJobWhoseSlowBatchWasTakenOverSendsNothingMore()
    {
        await SubscribeThreeAndIngestAsync();
        await App.PlanWithoutSendingAsync("2026-11-25");
        var ledger = App.Service<DigestLedger>();
        var slow = await ledger.ClaimAsync(1, long.MaxValue, CancellationToken.None);
        var slowBatch = ledger.Batch(slow);
        var ownedAtFirst = await slowBatch.OwnsAsync(slow.Ids[0]);

        App.Clock.Advance(TimeSpan.FromMinutes(11));
        await App.Service<SendBatchJob>().RunAsync(1, long.MaxValue, CancellationToken.None);
        // What the slow job asks before each send of the rest of its batch.
        var ownedAfterTakeover = new List<bool>();
        foreach (var id in slow.Ids)
        {
            ownedAfterTakeover.Add(await slowBatch.OwnsAsync(id));
        }

        Assert.True(ownedAtFirst);
        Assert.All(ownedAfterTakeover, Assert.False);
        foreach (var email in Emails)
        {
            Assert.Single(Digests(email));
        }
    }

    [Fact]
    public async Task ASlowJobRenewsItsWholeRemainingClaimBeforeItGoesStale()
    {
        await SubscribeThreeAndIngestAsync();
        await App.PlanWithoutSendingAsync("2026-11-25");
        var ledger = App.Service<DigestLedger>();
        var slow = await ledger.ClaimAsync(1, long.MaxValue, CancellationToken.None);
        var slowBatch = ledger.Batch(slow);

        // Before its next send, 9 minutes in, the slow job renews every digest it still holds, not only that one.
        App.Clock.Advance(TimeSpan.FromMinutes(9));
        var ownedBeforeSend = await slowBatch.OwnsAsync(slow.Ids[0]);
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        var other = await ledger.ClaimAsync(1, long.MaxValue, CancellationToken.None);
        var stillOwned = new List<bool>();
        foreach (var id in slow.Ids)
        {
            stillOwned.Add(await slowBatch.OwnsAsync(id));
        }

        Assert.True(ownedBeforeSend);
        Assert.Empty(other.Ids);
        Assert.All(stillOwned, Assert.True);
    }

    [Fact]
    public async Task AStopWhileAMessageIsOnTheWireWaitsForTheRelayRecordsItSentAndHandsBackTheRest()
    {
        await SubscribeThreeAndIngestAsync();
        await App.PlanWithoutSendingAsync("2026-11-25");
        var answer = new TaskCompletionSource();
        var onTheWire = App.Inbox.HoldNextReplyUntil(answer.Task);
        using var stopping = new CancellationTokenSource();

        var job = App.Service<SendBatchJob>().RunAsync(1, long.MaxValue, stopping.Token);
        await onTheWire.WaitAsync(TimeSpan.FromSeconds(15));
        await stopping.CancelAsync();
        answer.SetResult();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job);

        var statuses = await App.QuerySqlAsync<string>("SELECT status FROM digests ORDER BY id");
        Assert.Equal(["sent", "pending", "pending"], statuses);
        Assert.Single(App.Inbox.Messages, m => m.Headers.Contains(HeaderId.ListUnsubscribe));
    }

    [Fact]
    public async Task ARelayRefusingTheSenderFailsNoDigestStopsSendingAndTheNextRunSendsThem()
    {
        await SubscribeThreeAndIngestAsync();
        var runId = await App.PlanWithoutSendingAsync("2026-11-25");
        App.Inbox.RefuseSender(true);

        await App.Service<SendBatchJob>().RunAsync(1, long.MaxValue, CancellationToken.None);
        var stopped = await App.WaitForRunAsync(runId);
        App.Inbox.RefuseSender(false);
        // Another batch queued before the refusal sends nothing: the relay would only refuse it again.
        await App.Service<SendBatchJob>().RunAsync(1, long.MaxValue, CancellationToken.None);
        var sentWhileStopped = App.Inbox.Messages.Count(m => m.Headers.Contains(HeaderId.ListUnsubscribe));
        await App.RunDigestAsync("2026-11-25");
        var resumed = await App.WaitForRunAsync(runId);

        Assert.Equal(("stopped", 3, 0, 0), (stopped.Status, stopped.Planned, stopped.Sent, stopped.Failed));
        Assert.StartsWith("The relay refused the sender: ", stopped.Reason, StringComparison.Ordinal);
        Assert.Equal(0, sentWhileStopped);
        Assert.Equal(("completed", 3, null), (resumed.Status, resumed.Sent, resumed.Reason));
        foreach (var email in Emails)
        {
            Assert.Single(Digests(email));
            Assert.Equal("active", (await App.SubscriberAsync(email)).Status);
        }
    }

    [Fact]
    public async Task RestartingTheHostOnTheSameDatabaseKeepsEverything()
    {
        await SubscribeThreeAndIngestAsync();
        await App.RunDigestAsync("2026-11-25");

        App = await App.RestartAsync();
        var subscriber = await App.SubscriberAsync("ada@example.org");
        var reingest = await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization").WithId("2511.90001"));
        var again = await App.RunDigestAsync("2026-11-25");

        Assert.Equal("active", subscriber.Status);
        Assert.Equal("quantization", subscriber.Topics[0]);
        Assert.Equal((0, 1), (reingest.GetProperty("inserted").GetInt32(), reingest.GetProperty("updated").GetInt32()));
        Assert.Equal(0, again.Planned);
        Assert.Single(Digests("ada@example.org"));
    }

    static readonly string[] Emails = ["ada@example.org", "bob@example.org", "eve@example.org"];

    async Task SubscribeThreeAndIngestAsync()
    {
        foreach (var email in Emails)
        {
            await App.SubscribeAsync(email, "quantization");
        }

        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization").WithId("2511.90001"));
    }

    List<MimeMessage> Digests(string email) =>
        App.Inbox.To(email).Where(m => m.Headers.Contains(HeaderId.ListUnsubscribe)).ToList();
}
