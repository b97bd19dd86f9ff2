using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DigestMailer.IntegrationTests.Infrastructure;

/// <summary>One scripted answer of the fake source server.</summary>
public sealed record Reply(int Status, string Body, string ContentType = "application/json", TimeSpan Delay = default, params (string Name, string Value)[] Headers)
{
    public static Reply Json(string body) => new(200, body);

    public static Reply Xml(string body) => new(200, body, "application/xml");

    public static Reply File(string sample) =>
        new(200, System.IO.File.ReadAllText(Samples.Path(sample)), sample.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/xml");
}

/// <summary>
/// Kestrel on a loopback port standing in for Hugging Face and arXiv, answering from recorded payloads (or broken
/// ones) that each test scripts. Unscripted requests get 404, so a test sees any request it did not expect.
/// </summary>
public sealed class FakeSources : IAsyncDisposable
{
    readonly WebApplication server;
    readonly ConcurrentStack<Rule> rules = new();

    FakeSources(WebApplication server) => this.server = server;

    public string BaseUrl => server.Urls.First();

    public ConcurrentQueue<(DateTime At, string PathAndQuery)> Requests { get; } = new();

    public static async Task<FakeSources> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = builder.Build();
        var fake = new FakeSources(server);
        server.Run(fake.AnswerAsync);
        await server.StartAsync();
        return fake;
    }

    /// <summary>
    /// Answers requests to <paramref name="path"/> whose query contains <paramref name="queryContains"/> with the
    /// replies in order; the last one keeps answering. A later rule takes precedence over an earlier one.
    /// </summary>
    public void On(string path, string queryContains, params Reply[] replies) => rules.Push(new Rule(path, queryContains, new ConcurrentQueue<Reply>(replies)));

    public IReadOnlyList<string> RequestsTo(string path) =>
        Requests.Where(r => r.PathAndQuery.StartsWith(path, StringComparison.Ordinal)).Select(r => r.PathAndQuery).ToList();

    async Task AnswerAsync(HttpContext context)
    {
        var query = Uri.UnescapeDataString(context.Request.QueryString.Value ?? "");
        Requests.Enqueue((DateTime.UtcNow, context.Request.Path + query));
        var rule = rules.FirstOrDefault(r => r.Path == context.Request.Path && query.Contains(r.QueryContains, StringComparison.Ordinal));
        if (rule is null)
        {
            context.Response.StatusCode = 404;
            return;
        }

        var reply = rule.Replies.Count > 1 && rule.Replies.TryDequeue(out var next) ? next : rule.Replies.First();
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = reply.ContentType;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(reply.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    sealed record Rule(string Path, string QueryContains, ConcurrentQueue<Reply> Replies);
}
