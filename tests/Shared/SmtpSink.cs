using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DigestMailer.Testing;

/// <summary>
/// A real SMTP server on a loopback port (the SmtpServer package), keeping what it receives; shared by the
/// integration and browser tests (compiled into both). Recipients passed
/// to <see cref="Refuse"/> are refused with 550, as a relay refuses an unknown mailbox.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    readonly CancellationTokenSource stop;
    readonly ConcurrentQueue<MimeMessage> received;
    readonly ConcurrentDictionary<string, bool> refused;
    readonly Task running;

    SmtpSink(CancellationTokenSource stop, Task running, ConcurrentQueue<MimeMessage> received, ConcurrentDictionary<string, bool> refused, int port)
    {
        this.stop = stop;
        this.running = running;
        this.received = received;
        this.refused = refused;
        Port = port;
    }

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Messages => received.ToArray();

    public static async Task<SmtpSink> StartAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            // The default two-minute session timeout would close a connection a long test keeps open.
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)).SessionTimeout(TimeSpan.FromMinutes(30)))
            .Build();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var received = new ConcurrentQueue<MimeMessage>();
        var refused = new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        var store = new Store(received, refused);
        var services = new ServiceProvider();
        services.Add(listeners);
        services.Add((IMessageStore)store);
        services.Add((IMailboxFilter)store);

        var stop = new CancellationTokenSource();
        var running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
        var port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return new SmtpSink(stop, running, received, refused, port);
    }

    public void Refuse(string address) => refused[address] = true;

    /// <summary>While set, the sink refuses every sender (550 on MAIL FROM), as a relay that does not know Digest:From.</summary>
    public void RefuseSender(bool refuse) => refused[SenderKey] = refuse;

    const string SenderKey = "*sender*";

    public IReadOnlyList<MimeMessage> To(string address) =>
        Messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Waits until the sink holds at least <paramref name="count"/> messages to the address.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var messages = To(address);
            if (messages.Count >= count)
            {
                return messages;
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

    sealed class Store(ConcurrentQueue<MimeMessage> received, ConcurrentDictionary<string, bool> refused) : MessageStore, IMailboxFilter
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }

        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(!refused.TryGetValue(SenderKey, out var refuse) || !refuse);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!refused.ContainsKey(to.AsAddress()));
    }
}
