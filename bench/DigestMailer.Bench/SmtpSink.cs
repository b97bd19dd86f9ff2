using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.IO;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace DigestMailer.Bench;

/// <summary>
/// A loopback SMTP server (the SmtpServer package) that only counts what it accepts, so it takes as little CPU as
/// it can from the sender it measures. SmtpServer, like MailKit, leaves Nagle's algorithm on: its small replies
/// (250, 354) then wait on the client's delayed ACK and a connection manages about 11 messages/s. With
/// <c>noDelay</c> the sink accepts its connections through <see cref="NoDelayListenerFactory"/>, which sets
/// TCP_NODELAY on every accepted socket; without it, it uses the library's stock listener, to show the stall.
/// </summary>
sealed class SmtpSink : IAsyncDisposable
{
    readonly CancellationTokenSource stop;
    readonly Task running;
    readonly CountingStore store;

    SmtpSink(CancellationTokenSource stop, Task running, CountingStore store, int port)
    {
        this.stop = stop;
        this.running = running;
        this.store = store;
        Port = port;
    }

    public int Port { get; }

    public long Messages => Interlocked.Read(ref store.Messages);

    public long Bytes => Interlocked.Read(ref store.Bytes);

    public static async Task<SmtpSink> StartAsync(bool noDelay)
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            // The default two-minute session timeout would close a connection the benchmark keeps open.
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)).SessionTimeout(TimeSpan.FromMinutes(30)))
            .Build();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new CountingStore();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        if (noDelay)
        {
            services.Add(new NoDelayListenerFactory(port => started.TrySetResult(port)));
        }
        else
        {
            var stock = new EndpointListenerFactory();
            stock.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
            services.Add(stock);
        }

        services.Add((IMessageStore)store);
        var stop = new CancellationTokenSource();
        var running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
        var port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return new SmtpSink(stop, running, store, port);
    }

    public void Reset()
    {
        Interlocked.Exchange(ref store.Messages, 0);
        Interlocked.Exchange(ref store.Bytes, 0);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    sealed class CountingStore : MessageStore
    {
        public long Messages;
        public long Bytes;

        public override Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref Bytes, buffer.Length);
            Interlocked.Increment(ref Messages);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    /// <summary>
    /// SmtpServer 11 lets a custom <see cref="IEndpointListenerFactory"/> be registered through its ServiceProvider;
    /// its stock <see cref="EndpointListener"/> cannot be made from outside (internal constructor), so this one
    /// accepts sockets itself, sets NoDelay, and hands SmtpServer a pipe over the socket's stream. No TLS: the
    /// benchmark's sink is plain SMTP on loopback.
    /// </summary>
    sealed class NoDelayListenerFactory(Action<int> started) : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            started(((IPEndPoint)listener.LocalEndpoint).Port);
            return new Listener(listener);
        }
    }

    sealed class Listener(TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var socket = await listener.AcceptSocketAsync(cancellationToken);
            socket.NoDelay = true;
            context.Properties[EndpointListener.RemoteEndPointKey] = socket.RemoteEndPoint!;
            return new SocketPipe(new NetworkStream(socket, ownsSocket: true));
        }

        public void Dispose() => listener.Stop();
    }

    sealed class SocketPipe(NetworkStream stream) : ISecurableDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));

        public PipeWriter Output { get; } = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The benchmark sink speaks plain SMTP only.");

        public void Dispose()
        {
            Input.Complete();
            Output.Complete();
            stream.Dispose();
        }
    }
}
