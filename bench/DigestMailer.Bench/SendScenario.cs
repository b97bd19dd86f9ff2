using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dapper;
using DigestMailer.Digests;
using DigestMailer.Subscriptions;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace DigestMailer.Bench;

/// <summary>
/// Design target: end-to-end digest throughput (claim, load, render, send over SMTP, mark sent) at least 80% of
/// MailKit's own rate sending pre-rendered messages of the same size to the same sink over the same number of
/// TCP_NODELAY connections. The pre-rendered messages are the very digests the end-to-end runs send, rendered
/// beforehand by the product's <see cref="DigestMail"/>, so both sides move the same bytes.
/// </summary>
static class SendScenario
{
    const int Subscribers = 3_000;
    const int Papers = 300;
    const int TopicsEach = 3;
    // With the synthetic papers a digest of 10 papers comes to about 21 KB on the wire (text + HTML parts).
    const int PapersPerDigest = 10;
    // Each figure is the median of a few rounds, raw and end-to-end alternating: this machine's two cores are shared.
    const int Rounds = 3;
    const double Target = 80;
    static readonly int[] ConnectionCounts = [1, 2, 4];

    public static async Task RunAsync(Report report, CancellationToken cancellationToken)
    {
        using var folder = new TempFolder("send");
        await using var sink = await SmtpSink.StartAsync(noDelay: true);
        await using var app = AppServices.Create(folder.Path, new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:AllowInsecureLocalSetup"] = "true",
            ["Digest:MaxPapers"] = PapersPerDigest.ToString(CultureInfo.InvariantCulture),
        });
        var batchSize = app.Get<Microsoft.Extensions.Options.IOptions<DigestOptions>>().Value.BatchSize;

        // Broad topics (one concept each), so every subscriber has more matches than a digest holds.
        var corpus = new MlCorpus(seed: 2);
        await Seeding.AddPapersAsync(app, corpus, Papers, firstNumber: 1, cancellationToken);
        await Seeding.AddSubscribersAsync(app, corpus, MlCorpus.Concepts, Subscribers, TopicsEach, cancellationToken);
        var date = DigestDate.Today(TimeProvider.System);
        var runId = await app.Get<DigestRuns>().CreateAsync(date, cancellationToken);
        var plan = await app.Get<DigestPlanner>().PlanAsync(runId, date, cancellationToken);
        Report.Info($"setup: {Papers} papers, {Subscribers:N0} subscribers; planned {plan.Pending:N0} digests pending, {plan.Skipped:N0} skipped; batches of {batchSize}");

        var ledger = app.Get<DigestLedger>();
        var ids = await ledger.UnsentIdsAsync(cancellationToken);
        var digests = await ledger.LoadAsync(ids, cancellationToken);
        var mail = app.Get<DigestMail>();
        var watch = Stopwatch.StartNew();
        var messages = new List<MimeMessage>(digests.Count);
        foreach (var digest in digests)
        {
            messages.Add(await mail.BuildAsync(digest));
        }

        var renderTime = watch.Elapsed;
        var sizes = messages.Select(WireSize).ToList();
        Report.Info($"pre-rendered {messages.Count:N0} digests with DigestMail.BuildAsync in {renderTime.TotalSeconds:F2} s " +
            $"({renderTime.TotalMilliseconds * 1000 / messages.Count:F0} µs each, first ones include JIT); " +
            $"size on the wire {sizes.Average() / 1024:F1} KB average ({sizes.Min() / 1024.0:F1}–{sizes.Max() / 1024.0:F1} KB), " +
            $"{digests.Average(d => d.Papers.Count):F1} papers each");

        await ShowNagleStallAsync(messages, cancellationToken);

        // Warm-up: JIT, and MimeKit's one-time preparation of each pre-rendered message for the wire. Both sides get a
        // full pass: with one batch only, the first end-to-end rounds still spent about 400 ms of their 2-3 s in tiered
        // JIT compilation of the job's code (measured with JitInfo), while the raw side ran warm.
        await SendRawAsync(messages, 1, sink, cancellationToken);
        await RunJobsAsync(app, ids, batchSize, 1, sink, cancellationToken);

        await ShowStepCostsAsync(app, runId, ids, digests, mail, cancellationToken);

        foreach (var connections in ConnectionCounts)
        {
            var raws = new List<double>();
            var endToEnds = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                raws.Add(await SendRawAsync(messages, connections, sink, cancellationToken));
                await ResetLedgerAsync(app, runId, cancellationToken);
                endToEnds.Add(await RunJobsAsync(app, ids, batchSize, connections, sink, cancellationToken));
            }

            var (raw, endToEnd) = (Median(raws), Median(endToEnds));
            var ratio = endToEnd / raw;
            Report.Info($"{connections} connection(s), {Rounds} rounds of {messages.Count:N0} messages: raw MailKit {Rates(raws)} msg/s; SendBatchJob end-to-end {Rates(endToEnds)} msg/s");
            report.Result(
                $"send-{connections}",
                $"{connections} connection(s): end-to-end {endToEnd:F0} msg/s / raw {raw:F0} msg/s = {ratio:P0} (medians)",
                ratio * 100,
                "%",
                Target,
                higherIsBetter: true);
        }
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    static string Rates(List<double> values) => string.Join(" / ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));

    /// <summary>
    /// What one message costs in each step of the send path, one at a time and warm, through the product's own
    /// classes: rendering (<see cref="DigestMail.BuildAsync"/>) and checking the claim and recording the outcome
    /// (<see cref="ClaimedBatch.OwnsAsync"/>, <see cref="ClaimedBatch.MarkSentAsync"/>: one prepared UPDATE on the
    /// ledger's writer connection). Diagnostic figures for reading the ratio below; SMTP's share is 1 / the raw rate.
    /// </summary>
    static async Task ShowStepCostsAsync(
        AppServices app, string runId, IReadOnlyList<long> ids, IReadOnlyList<DigestToSend> digests, DigestMail mail, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        foreach (var digest in digests)
        {
            await mail.BuildAsync(digest);
        }

        var render = watch.Elapsed.TotalMilliseconds * 1000 / digests.Count;

        var ledger = app.Get<DigestLedger>();
        await ResetLedgerAsync(app, runId, cancellationToken);
        var claimed = await ledger.ClaimAsync(ids[0], ids[^1], cancellationToken);
        watch.Restart();
        var batch = ledger.Batch(claimed);
        foreach (var id in claimed.Ids)
        {
            await batch.OwnsAsync(id);
            await batch.MarkSentAsync(id);
        }

        var mark = watch.Elapsed.TotalMilliseconds * 1000 / claimed.Ids.Count;
        Report.Info($"per message, warm, one at a time: render (DigestMail.BuildAsync) {render:F0} µs; check claim and mark sent (ClaimedBatch.OwnsAsync + MarkSentAsync) {mark:F0} µs");
    }

    /// <summary>The same client (TCP_NODELAY) against a sink with SmtpServer's stock listener: Nagle on the server side.</summary>
    static async Task ShowNagleStallAsync(List<MimeMessage> messages, CancellationToken cancellationToken)
    {
        await using var stock = await SmtpSink.StartAsync(noDelay: false);
        using var client = await ConnectAsync(stock.Port, cancellationToken);
        var watch = Stopwatch.StartNew();
        var sent = 0;
        // Bounded: 40 messages or 5 seconds, whichever comes first.
        while (sent < 40 && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await client.SendAsync(messages[sent], cancellationToken);
            sent++;
        }

        var rate = sent / watch.Elapsed.TotalSeconds;
        await client.DisconnectAsync(quit: true, cancellationToken);
        Report.Info($"sink with SmtpServer's stock listener (no TCP_NODELAY on its sockets): {rate:F0} msg/s over 1 connection ({sent} messages); " +
            "the sink used below sets NoDelay on each accepted socket");
    }

    static async Task<SmtpClient> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var client = new SmtpClient();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            await client.ConnectAsync(socket, "127.0.0.1", port, SecureSocketOptions.None, cancellationToken);
            return client;
        }
        catch
        {
            socket.Dispose();
            client.Dispose();
            throw;
        }
    }

    /// <summary>MailKit alone: the pre-rendered messages split over <paramref name="connections"/> connections, messages/s.</summary>
    static async Task<double> SendRawAsync(List<MimeMessage> messages, int connections, SmtpSink sink, CancellationToken cancellationToken)
    {
        sink.Reset();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(
            async () =>
            {
                using var client = await ConnectAsync(sink.Port, cancellationToken);
                for (var i = c; i < messages.Count; i += connections)
                {
                    await client.SendAsync(messages[i], cancellationToken);
                }

                await client.DisconnectAsync(quit: true, cancellationToken);
            },
            cancellationToken)));
        var elapsed = watch.Elapsed;
        Expect(sink.Messages, messages.Count, "raw send");
        return messages.Count / elapsed.TotalSeconds;
    }

    /// <summary>
    /// The product's send path: the digests split into batches as <c>PlanDigestsJob</c> enqueues them, and
    /// <paramref name="workers"/> concurrent workers each running <see cref="SendBatchJob.RunAsync"/> on one batch at a
    /// time, resolved from a fresh scope as Hangfire's activator does. Messages/s from first claim to last mark.
    /// </summary>
    static async Task<double> RunJobsAsync(
        AppServices app, IReadOnlyList<long> ids, int batchSize, int workers, SmtpSink sink, CancellationToken cancellationToken)
    {
        sink.Reset();
        var batches = new ConcurrentQueue<long[]>(ids.Chunk(batchSize));
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(
            async () =>
            {
                while (batches.TryDequeue(out var batch))
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    var job = scope.ServiceProvider.GetRequiredService<SendBatchJob>();
                    await job.RunAsync(batch[0], batch[^1], cancellationToken);
                }
            },
            cancellationToken)));
        var elapsed = watch.Elapsed;
        Expect(sink.Messages, ids.Count, "end-to-end send");
        await using var connection = await app.Database.OpenAsync(cancellationToken);
        var sent = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM digests WHERE status = 'sent' AND id BETWEEN @first AND @last", new { first = ids[0], last = ids[^1] });
        Expect(sent, ids.Count, "digests marked sent");
        return ids.Count / elapsed.TotalSeconds;
    }

    /// <summary>Puts every digest of the run back to pending, so the next end-to-end round sends them all again.</summary>
    static async Task ResetLedgerAsync(AppServices app, string runId, CancellationToken cancellationToken)
    {
        await using var connection = await app.Database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE digests SET status = 'pending', claimed_at = NULL, sent_at = NULL, attempts = 0, last_error = NULL WHERE run_id = @runId",
            new { runId });
    }

    static void Expect(long actual, long expected, string what)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{what}: expected {expected:N0}, got {actual:N0}.");
        }
    }

    static long WireSize(MimeMessage message)
    {
        using var counter = new MimeKit.IO.MeasuringStream();
        message.WriteTo(FormatOptions.Default, counter);
        return counter.Length;
    }
}
