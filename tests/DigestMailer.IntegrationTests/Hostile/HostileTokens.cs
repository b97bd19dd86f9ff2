using DigestMailer.IntegrationTests.Infrastructure;
using DigestMailer.Subscriptions;

namespace DigestMailer.IntegrationTests.Hostile;

/// <summary>
/// Links that must not act: garbage, tampered, swapped between purposes, expired, from the future or beyond the
/// calendar, for nobody, or made before their subscriber existed; each tried on every endpoint that takes a link.
/// </summary>
public static class HostileTokens
{
    /// <summary>The real preferences page of the corpus's one subscriber, for forms whose fields are the bad part.</summary>
    public static string Preferences(HostileApp h) => "/preferences?token=" + Uri.EscapeDataString(h.Tokens.Create(LinkPurpose.Preferences, 1));

    public static IEnumerable<HostileRequest> Requests() =>
        Endpoints.SelectMany(endpoint => Tokens(endpoint.Purpose)
            // A %00 in the path never reaches the app: Kestrel refuses the request line, and the test server throws.
            .Where(token => !(endpoint.TokenInPath && token.Name == "NUL"))
            .Select(token => new HostileRequest($"{endpoint.Name} token: {token.Name}", endpoint.Surface, h => endpoint.SendAsync(h, token.Make(h)))));

    sealed record Endpoint(string Name, LinkPurpose Purpose, Surface Surface, Func<HostileApp, string, Task<HttpResponseMessage>> SendAsync, bool TokenInPath = false);

    static readonly Endpoint[] Endpoints =
    [
        new("GET /confirm", LinkPurpose.Confirm, Surface.Page, (h, t) => h.GetAsync($"/confirm?token={Escaped(t)}")),
        new("POST /confirm", LinkPurpose.Confirm, Surface.Page, (h, t) => h.PostFormAsync("/confirm", [new("token", t)])),
        new("POST /api/subscriptions/confirm", LinkPurpose.Confirm, Surface.Api, (h, t) => h.PostJsonAsync("/api/subscriptions/confirm", System.Text.Json.JsonSerializer.Serialize(new { token = t }))),
        new("GET /unsubscribe", LinkPurpose.Unsubscribe, Surface.Page, (h, t) => h.GetAsync($"/unsubscribe?token={Escaped(t)}")),
        new("POST /unsubscribe (one-click)", LinkPurpose.Unsubscribe, Surface.Page, (h, t) => h.PostFormAsync($"/unsubscribe?token={Escaped(t)}", [new("List-Unsubscribe", "One-Click")], forged: true)),
        new("POST /resubscribe", LinkPurpose.Unsubscribe, Surface.Page, (h, t) => h.PostFormAsync($"/resubscribe?token={Escaped(t)}", [])),
        new("GET /preferences", LinkPurpose.Preferences, Surface.Page, (h, t) => h.GetAsync($"/preferences?token={Escaped(t)}")),
        new("POST /preferences", LinkPurpose.Preferences, Surface.Page, (h, t) => h.PostFormAsync($"/preferences?token={Escaped(t)}", [new("topics", "llm")])),
        new("POST /preferences/pause", LinkPurpose.Preferences, Surface.Page, (h, t) => h.PostFormAsync($"/preferences/pause?token={Escaped(t)}", [])),
        new("POST /preferences/resume", LinkPurpose.Preferences, Surface.Page, (h, t) => h.PostFormAsync($"/preferences/resume?token={Escaped(t)}", [])),
        new("POST /preferences/delete", LinkPurpose.Preferences, Surface.Page, (h, t) => h.PostFormAsync($"/preferences/delete?token={Escaped(t)}", [])),
        new("GET /digests/1", LinkPurpose.Preferences, Surface.Page, (h, t) => h.GetAsync($"/digests/1?token={Escaped(t)}")),
        new("GET /feedback", LinkPurpose.Preferences, Surface.Page, (h, t) => h.GetAsync(HostileApp.FeedbackPath(t, HostileApp.PaperId, "more"))),
        new("POST /feedback", LinkPurpose.Preferences, Surface.Page, (h, t) => h.PostFormAsync(HostileApp.FeedbackPath(t, HostileApp.PaperId, "more"), [])),
        new("POST /preferences/likes/remove", LinkPurpose.Preferences, Surface.Page, (h, t) => h.PostFormAsync($"/preferences/likes/remove?token={Escaped(t)}", [new("paper", HostileApp.PaperId)])),
        new("POST /preferences/feedback/remove", LinkPurpose.Preferences, Surface.Page, (h, t) => h.PostFormAsync($"/preferences/feedback/remove?token={Escaped(t)}", [new("paper", HostileApp.PaperId)])),
        new("GET /feeds/{token}.atom", LinkPurpose.Feed, Surface.Api, (h, t) => h.GetAsync($"/feeds/{Escaped(t)}.atom"), TokenInPath: true),
    ];

    sealed record BadToken(string Name, Func<HostileApp, string> Make);

    static List<BadToken> Tokens(LinkPurpose purpose)
    {
        string Valid(HostileApp h) => h.Tokens.Create(purpose, 1);
        long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();
        List<BadToken> tokens =
        [
            new("empty", _ => ""), new("garbage", _ => "garbage"), new("no signature", _ => "c.1.1."), new("negative id", _ => "u.-1.1.AAAA"),
            new("10,000 chars", _ => new string('x', 10_000)), new("CRLF", h => Valid(h) + "\r\nSet-Cookie: x=y"), new("NUL", h => Valid(h).Insert(2, "\0")),
            new("RLO", h => "\u202e" + Valid(h)), new("signature changed", h => Valid(h)[..^2] + (Valid(h)[^2..] == "AA" ? "BB" : "AA")),
            new("id changed", h => Valid(h).Replace(".1.", ".2.", StringComparison.Ordinal)), new("unsigned copy", h => Valid(h)[..Valid(h).LastIndexOf('.')]),
            new("beyond the calendar", h => h.Tokens.CreateIssuedAt(purpose, 1, long.MaxValue)),
            new("a day ahead", h => h.Tokens.CreateIssuedAt(purpose, 1, Ms(h.Now.AddDays(1)))),
            new("for nobody", h => h.Tokens.CreateIssuedAt(purpose, 999, Ms(h.Now))),
            new("before the subscriber existed", h => h.Tokens.CreateIssuedAt(purpose, 1, Ms(DigestMailerApp.Start.AddDays(-1)))),
        ];
        tokens.AddRange(Enum.GetValues<LinkPurpose>().Where(p => p != purpose).Select(other =>
            new BadToken($"swapped for a {other} link", h => h.Tokens.Create(other, 1))));
        if (purpose == LinkPurpose.Confirm)
        {
            tokens.Add(new("expired", h => h.Tokens.CreateIssuedAt(purpose, 1, Ms(h.Now.AddDays(-8)))));
        }

        return tokens;
    }

    static string Escaped(string token) => Uri.EscapeDataString(token);
}
