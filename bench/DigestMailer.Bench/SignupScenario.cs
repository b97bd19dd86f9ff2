using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using DigestMailer.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DigestMailer.Bench;

/// <summary>
/// Design target: at least 2,000 accepted sign-ups per second, sustained (raised from 1,000 on 2026-12-03). Runs the service as it ships (the built
/// DigestMailer.dll, Kestrel, Hangfire server, outbox dispatcher writing confirmation mails to a pickup folder) as
/// a child process on a loopback port, and posts distinct sign-ups to <c>POST /api/subscriptions</c> with bounded
/// concurrency. Client and server share the machine's two cores.
/// </summary>
static class SignupScenario
{
    const int Warmup = 500;
    const int Signups = 20_000;
    const int Concurrency = 32;
    const double Target = 2_000;
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);
    static readonly TimeSpan CatchUpBudget = TimeSpan.FromSeconds(120);

    // The in-process split: this many sign-ups one at a time through each step.
    const int SplitSignups = 2_000;

    // Addresses from here on were never used before the timing probes.
    const int ProbeAddresses = 1_000_000;

    public static async Task RunAsync(Report report, CancellationToken cancellationToken)
    {
        await ShowStepCostsAsync(cancellationToken);
        using var folder = new TempFolder("signup");
        var port = ServiceProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        using var service = StartService(folder, baseAddress);
        try
        {
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var startup = await service.WaitHealthyAsync(http, TimeSpan.FromSeconds(30), cancellationToken);
            Report.Info($"service: {service.Process.Id} on {baseAddress} healthy after {startup.TotalSeconds:F1} s (data in {folder.Path})");

            await PostAllAsync(http, 0, Warmup, null, cancellationToken);

            var perSecond = new int[(int)Budget.TotalSeconds + 1];
            var watch = Stopwatch.StartNew();
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(Budget);
            var (accepted, other) = await PostAllAsync(http, Warmup, Signups, (perSecond, watch), budget.Token);
            var elapsed = watch.Elapsed;

            var rate = accepted / elapsed.TotalSeconds;
            var seconds = (int)Math.Floor(elapsed.TotalSeconds);
            var full = perSecond.Take(seconds).ToArray();
            Report.Info($"{accepted:N0} accepted (202), {other:N0} other answers, in {elapsed.TotalSeconds:F1} s with {Concurrency} concurrent requests" +
                (full.Length > 0 ? $"; per whole second: min {full.Min():N0}, median {full.Order().ElementAt(full.Length / 2):N0}, max {full.Max():N0}" : ""));
            // Not a target, but the other half of a sign-up: applying it (AddressRequestProcessor) and its confirmation mail,
            // written by the outbox dispatcher (to the pickup folder here). How far they kept up, and how long they
            // take to catch up once the load stops.
            var written = CountMails(folder);
            var caughtUp = Stopwatch.StartNew();
            while (CountMails(folder) < Warmup + accepted && caughtUp.Elapsed < CatchUpBudget)
            {
                await Task.Delay(100, cancellationToken);
            }

            Report.Info($"confirmation mails written: {written:N0} of {Warmup + accepted:N0} during the load; " +
                $"{CountMails(folder):N0} {caughtUp.Elapsed.TotalSeconds:F1} s after it");
            // The same probe over HTTP against the service at rest: the load's addresses are its known subscribers.
            using (var probeClient = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) })
            {
                var probe = await ProbeAsync(
                    n => PostOneAsync(probeClient, Warmup + n, cancellationToken),
                    n => PostOneAsync(probeClient, ProbeAddresses + n, cancellationToken));
                Report.Info($"timing probe over HTTP (one request at a time, the service as it runs): {probe}");
            }

            // The other form that takes an address from anyone, "lost your link?", probed the same way: the load's
            // addresses are known, and none has asked for a link within the hour.
            using (var browser = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) })
            {
                var form = await browser.GetStringAsync("preferences/lost", cancellationToken);
                var antiforgery = WebUtility.HtmlDecode(Regex.Match(form, @"name=""__RequestVerificationToken"" value=""([^""]+)""").Groups[1].Value);
                var probe = await ProbeAsync(
                    n => PostLostLinkAsync(browser, antiforgery, Warmup + SplitSignups + n, cancellationToken),
                    n => PostLostLinkAsync(browser, antiforgery, 2 * ProbeAddresses + n, cancellationToken));
                Report.Info($"timing probe over HTTP, POST /preferences/lost: {probe}");
            }

            if (accepted + other < Signups)
            {
                Report.Info($"stopped at the {Budget.TotalSeconds:F0} s budget after {accepted + other:N0} of {Signups:N0} requests");
            }

            report.Result(
                "signup",
                $"POST /api/subscriptions: {rate:F0} accepted sign-ups/s sustained ({accepted:N0} in {elapsed.TotalSeconds:F1} s, {Concurrency} concurrent)",
                rate,
                "sign-ups/s",
                Target,
                higherIsBetter: true,
                valid: other == 0);
        }
        finally
        {
            await service.KillAsync();
        }
    }

    /// <summary>
    /// Where a sign-up's time goes inside the service, one step at a time and warm, in this process (no HTTP):
    /// reading the JSON body, validating it (<see cref="SignupValidation.Validate"/>), and receiving it
    /// (<see cref="AddressRequests.EnqueueAsync"/>: one insert, all the request waits for; the probe compares it for
    /// known and new addresses); then applying what was received (<see cref="AddressRequestProcessor"/>, in the background after the answer:
    /// subscriber, topics, schedule and the queued confirmation mail). Diagnostic figures for reading the rate below;
    /// the rest is Kestrel, routing and the client, on the same two cores.
    /// </summary>
    static async Task ShowStepCostsAsync(CancellationToken cancellationToken)
    {
        using var folder = new TempFolder("signup-split");
        // No hourly limit on confirmations here, so a known address's sign-up queues its confirmation as a new one's
        // does: the case of someone probing an address that has not signed up within the hour.
        await using var app = AppServices.Create(folder.Path, new Dictionary<string, string?> { ["Subscriptions:ConfirmationResendInterval"] = "00:00:00" });
        var bodies = Enumerable.Range(0, SplitSignups + 200).Select(n => JsonSerializer.SerializeToUtf8Bytes(SignUp(n), Web)).ToList();
        var received = app.Get<AddressRequests>();
        var processor = app.Services.GetServices<IHostedService>().OfType<AddressRequestProcessor>().Single();
        for (var n = 0; n < 200; n++)
        {
            await received.EnqueueAsync(Valid(Read(bodies[SplitSignups + n])), cancellationToken);
        }

        await ApplyAllAsync(processor, cancellationToken);
        var watch = Stopwatch.StartNew();
        var requests = bodies.Take(SplitSignups).Select(Read).ToList();
        var json = watch.Elapsed;
        watch.Restart();
        var valid = requests.Select(Valid).ToList();
        var validation = watch.Elapsed;
        var (receiveNew, applyNew) = await ReceiveAndApplyAsync(received, processor, valid, cancellationToken);
        // The same sign-ups again, every address now a confirmed subscriber's: the service must do the same work for
        // both before it answers, or its timing tells who is subscribed.
        await using (var connection = await app.Database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync("UPDATE subscribers SET status = 'active', confirmed_at = created_at");
        }

        var (_, applyKnown) = await ReceiveAndApplyAsync(received, processor, valid, cancellationToken);
        Report.Info(string.Create(
            CultureInfo.InvariantCulture,
            $"per sign-up, in process, one at a time: JSON {Micro(json):F0} µs, validation {Micro(validation):F0} µs, " +
            $"receiving it (all the answer waits for) {Micro(receiveNew):F0} µs; " +
            $"applying it after the answer {Micro(applyNew):F0} µs new, {Micro(applyKnown):F0} µs known"));

        var fresh = Enumerable.Range(ProbeAddresses, SplitSignups).Select(n => Valid(Read(JsonSerializer.SerializeToUtf8Bytes(SignUp(n), Web)))).ToList();
        var probe = await ProbeAsync(
            n => received.EnqueueAsync(valid[n], cancellationToken),
            n => received.EnqueueAsync(fresh[n], cancellationToken));
        Report.Info($"timing probe, in process (receiving, pairs of a known and a new address in turn): {probe}");

        static double Micro(TimeSpan elapsed) => elapsed.TotalMilliseconds * 1000 / SplitSignups;
        static SignupRequest Read(byte[] body) => JsonSerializer.Deserialize<SignupRequest>(body, Web)!;
        static ValidSignup Valid(SignupRequest r) =>
            SignupValidation.Validate(r.Email, r.Topics, r.Trending == true, r.Frequency, r.Weekday, r.SendHour, r.TimeZone).Signup
            ?? throw new InvalidOperationException("A generated sign-up does not validate.");
    }

    /// <summary>
    /// What an attacker timing the answers would learn: <see cref="SplitSignups"/> pairs, each a sign-up for a known
    /// address (<paramref name="known"/>) and one for an address never seen (<paramref name="fresh"/>), in alternating
    /// order; the median time of each, and how often "the slower of the two is the new one" guesses right (50 %: the
    /// timing tells nothing).
    /// </summary>
    static async Task<string> ProbeAsync(Func<int, Task> known, Func<int, Task> fresh)
    {
        var (knownTimes, freshTimes) = (new double[SplitSignups], new double[SplitSignups]);
        for (var n = 0; n < SplitSignups; n++)
        {
            if (n % 2 == 0)
            {
                knownTimes[n] = await TimeAsync(known, n);
                freshTimes[n] = await TimeAsync(fresh, n);
            }
            else
            {
                freshTimes[n] = await TimeAsync(fresh, n);
                knownTimes[n] = await TimeAsync(known, n);
            }
        }

        var right = Enumerable.Range(0, SplitSignups).Count(n => freshTimes[n] > knownTimes[n]) * 100.0 / SplitSignups;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"median {Median(knownTimes):F0} µs known, {Median(freshTimes):F0} µs new; \"the slower one is new\" right {right:F1} % of {SplitSignups:N0} pairs");

        static async Task<double> TimeAsync(Func<int, Task> signUp, int n)
        {
            var start = Stopwatch.GetTimestamp();
            await signUp(n);
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000;
        }

        static double Median(double[] times) => times.Order().ElementAt(times.Length / 2);
    }

    static async Task<(TimeSpan Receive, TimeSpan Apply)> ReceiveAndApplyAsync(
        AddressRequests received, AddressRequestProcessor processor, List<ValidSignup> signups, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        foreach (var signup in signups)
        {
            await received.EnqueueAsync(signup, cancellationToken);
        }

        var receive = watch.Elapsed;
        watch.Restart();
        await ApplyAllAsync(processor, cancellationToken);
        return (receive, watch.Elapsed);
    }

    static async Task ApplyAllAsync(AddressRequestProcessor processor, CancellationToken cancellationToken)
    {
        while (await processor.ApplyBatchAsync(cancellationToken) > 0)
        {
        }
    }

    static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    static async Task<(int Accepted, int Other)> PostAllAsync(
        HttpClient http, int first, int count, (int[] PerSecond, Stopwatch Watch)? timeline, CancellationToken cancellationToken)
    {
        var next = first - 1;
        var accepted = 0;
        var other = 0;
        var statuses = new Dictionary<HttpStatusCode, int>();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(
                async () =>
                {
                    while (true)
                    {
                        var n = Interlocked.Increment(ref next);
                        if (n >= first + count || cancellationToken.IsCancellationRequested)
                        {
                            return;
                        }

                        using var response = await http.PostAsJsonAsync("api/subscriptions", SignUp(n), cancellationToken);
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            Interlocked.Increment(ref accepted);
                            if (timeline is { } line)
                            {
                                var second = (int)line.Watch.Elapsed.TotalSeconds;
                                if (second < line.PerSecond.Length)
                                {
                                    Interlocked.Increment(ref line.PerSecond[second]);
                                }
                            }
                        }
                        else
                        {
                            Interlocked.Increment(ref other);
                            lock (statuses)
                            {
                                statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
                            }
                        }
                    }
                },
                CancellationToken.None)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The time budget ran out; what was accepted so far counts.
        }

        if (statuses.Count > 0)
        {
            Report.Info("answers other than 202: " + string.Join(", ", statuses.Select(s => $"{(int)s.Key} x {s.Value}")));
        }

        return (accepted, other);
    }

    static async Task PostOneAsync(HttpClient http, int n, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/subscriptions", SignUp(n), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"The timing probe's sign-up {n} was answered {(int)response.StatusCode}.");
        }
    }

    static async Task PostLostLinkAsync(HttpClient browser, string antiforgery, int n, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = $"signup{n}@example.org",
            ["__RequestVerificationToken"] = antiforgery,
        });
        using var response = await browser.PostAsync("preferences/lost", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The timing probe's lost-link request {n} was answered {(int)response.StatusCode}.");
        }
    }

    static object SignUp(int n)
    {
        var concepts = MlCorpus.Concepts;
        return new
        {
            email = $"signup{n}@example.org",
            topics = new[]
            {
                concepts[n % concepts.Length],
                $"\"{concepts[(n * 7) % concepts.Length]}\"",
                $"author:\"{MlCorpus.Author(n % MlCorpus.AuthorCount)}\"",
            },
        };
    }

    static int CountMails(TempFolder folder) =>
        Directory.Exists(folder.Sub("outbox")) ? Directory.EnumerateFiles(folder.Sub("outbox")).Count() : 0;

    static ServiceProcess StartService(TempFolder folder, Uri baseAddress)
    {
        var database = BenchDatabase.Create(folder.Path);
        folder.DropOnDispose(database.Application);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/'),
            ["ConnectionStrings__DigestMailer"] = database.Application,
            ["ConnectionStrings__Hangfire"] = database.Jobs,
            ["Smtp__Host"] = "",
            ["Smtp__PickupDirectory"] = folder.Sub("outbox"),
            ["Subscriptions__SignupsPerMinutePerIp"] = "1000000",
            ["Admin__ApiKey"] = "bench-" + Guid.NewGuid().ToString("N"),
            ["App__BaseUrl"] = baseAddress.ToString(),
            // February 31st: the daily digest never fires during the benchmark.
            ["Digest__Schedule"] = "0 0 31 2 *",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning",
        };
        return ServiceProcess.Start(environment);
    }
}
