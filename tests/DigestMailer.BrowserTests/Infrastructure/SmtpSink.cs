using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DigestMailer.BrowserTests.Infrastructure;

/// <summary>A real SMTP server on a loopback port (the SmtpServer package), keeping every message it receives.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    readonly CancellationTokenSource stop;
    readonly ConcurrentQueue<MimeMessage> received;
    readonly Task running;

    SmtpSink(CancellationTokenSource stop, Task running, ConcurrentQueue<MimeMessage> received, int port)
    {
        this.stop = stop;
        this.running = running;
        this.received = received;
        Port = port;
    }

    public int Port { get; }

    public static async Task<SmtpSink> StartAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)).SessionTimeout(TimeSpan.FromMinutes(30)))
            .Build();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var received = new ConcurrentQueue<MimeMessage>();
        var services = new ServiceProvider();
        services.Add(listeners);
        services.Add((IMessageStore)new Store(received));

        var stop = new CancellationTokenSource();
        var running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
        var port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return new SmtpSink(stop, running, received, port);
    }

    public IReadOnlyList<MimeMessage> To(string address) =>
        received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Waits until the sink holds at least <paramref name="count"/> messages to the address, and returns the newest.</summary>
    public async Task<MimeMessage> WaitForAsync(string address, int count = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var messages = To(address);
            if (messages.Count >= count)
            {
                return messages[^1];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} message(s) to {address}, got {messages.Count}.");
            }

            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    sealed class Store(ConcurrentQueue<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
