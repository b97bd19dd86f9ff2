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
/// integration and browser tests (compiled into both). Recipients passed to <see cref="Refuse(string)"/> are refused
/// with 550, as a relay refuses an unknown mailbox; <see cref="Refuse(string, int, string)"/> answers with the reply a
/// test gives, such as "550 5.7.1 ...".
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    readonly CancellationTokenSource stop;
    readonly Task running;
    readonly Policy policy;

    SmtpSink(CancellationTokenSource stop, Task running, Policy policy, int port)
    {
        this.stop = stop;
        this.running = running;
        this.policy = policy;
        Port = port;
    }

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Messages => policy.Received.ToArray();

    /// <summary>The names the clients greeted with (EHLO or HELO), in order.</summary>
    public IReadOnlyList<string> Greetings => policy.Greetings.ToArray();

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
        var policy = new Policy();
        var services = new ServiceProvider();
        services.Add(listeners);
        services.Add((IMessageStore)policy);
        services.Add((IMailboxFilter)policy);

        var stop = new CancellationTokenSource();
        var server = new SmtpServer.SmtpServer(options, services);
        server.SessionCreated += policy.OnSessionCreated;
        var running = server.StartAsync(stop.Token);
        var port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return new SmtpSink(stop, running, policy, port);
    }

    /// <summary>Refuses mail to the address with a bare "550 mailbox unavailable".</summary>
    public void Refuse(string address) => policy.Recipients[address] = null;

    /// <summary>Refuses mail to the address with this reply, e.g. (550, "5.1.1 no such user") or (550, "5.7.1 blocked").</summary>
    public void Refuse(string address, int code, string text) => policy.Recipients[address] = new SmtpResponse((SmtpReplyCode)code, text);

    /// <summary>Lifts a refusal of the address.</summary>
    public void Accept(string address) => policy.Recipients.TryRemove(address, out _);

    /// <summary>While set, the sink refuses every sender (550 on MAIL FROM), as a relay that does not know Digest:From.</summary>
    public void RefuseSender(bool refuse) => policy.Sender = refuse ? SmtpResponse.MailboxUnavailable : null;

    /// <summary>
    /// Holds the reply to the next message's final dot: the message is received, the client still waits for the
    /// relay's answer, as with a slow relay. Await the returned task to know the message is on the wire; the reply goes
    /// out when the test sets the gate it passed.
    /// </summary>
    public Task HoldNextReplyUntil(Task gate)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        policy.Hold = (held, gate);
        return held.Task;
    }

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

    /// <summary>What the sink accepts and refuses, and what it saw.</summary>
    sealed class Policy : MessageStore, IMailboxFilter
    {
        public ConcurrentQueue<MimeMessage> Received { get; } = new();

        public ConcurrentQueue<string> Greetings { get; } = new();

        /// <summary>Refused recipients, each with its reply; null for the filter's own 550.</summary>
        public ConcurrentDictionary<string, SmtpResponse?> Recipients { get; } = new(StringComparer.OrdinalIgnoreCase);

        public SmtpResponse? Sender { get; set; }

        public (TaskCompletionSource Held, Task Gate)? Hold { get; set; }

        public void OnSessionCreated(object? sender, SessionEventArgs e)
        {
            e.Context.CommandExecuting += (_, command) =>
            {
                if (command.Command is EhloCommand ehlo)
                {
                    Greetings.Enqueue(ehlo.DomainOrAddress);
                }
                else if (command.Command is HeloCommand helo)
                {
                    Greetings.Enqueue(helo.DomainOrAddress);
                }
            };
        }

        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            // As the delivering server does (RFC 5321 4.4): the envelope sender, where a bounce would go.
            var from = transaction.From;
            message.Headers.Insert(0, HeaderId.ReturnPath, from is null || string.IsNullOrEmpty(from.User) ? "<>" : $"<{from.AsAddress()}>");
            Received.Enqueue(message);
            if (Hold is { } hold)
            {
                Hold = null;
                hold.Held.TrySetResult();
                await hold.Gate.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            return SmtpResponse.Ok;
        }

        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Sender is { } refusal ? Refuse(refusal) : Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            !Recipients.TryGetValue(to.AsAddress(), out var refusal) ? Task.FromResult(true)
            : refusal is null ? Task.FromResult(false)
            : Refuse(refusal);

        // The filter can only say yes or no (550); a reply of the test's choosing goes out as an exception.
        static Task<bool> Refuse(SmtpResponse reply) => Task.FromException<bool>(new SmtpResponseException(reply));
    }
}
