using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests.Hostile;

/// <summary>
/// The corpus: each generator crosses a list of bad values with every endpoint or form that takes them, so a new
/// value is tried everywhere and a new endpoint gets every value. Tokens are in <see cref="HostileTokens"/>.
/// </summary>
public static class HostileCorpus
{
    const string Base = "ada@example.org";

    /// <summary>Characters that must never reach a header or a stored address, at every place in an address.</summary>
    static readonly (string Name, string Text)[] Fragments =
    [
        ("CRLF header", "\r\nBcc: victim@example.org"), ("LF", "\n"), ("CR", "\r"), ("NUL", "\0"), ("tab", "\t"), ("DEL", "\u007f"),
        ("NEL", "\u0085"), ("RLO", "\u202e"), ("zero-width space", "\u200b"), ("zero-width joiner", "\u200d"), ("BOM", "\ufeff"),
        ("line separator", "\u2028"), ("no-break space", "\u00a0"), ("replacement char", "\ufffd"),
    ];

    static readonly (string Name, int At)[] Positions =
        [("at start", 0), ("in local part", 1), ("before @", 3), ("after @", 4), ("in domain", 7), ("at end", Base.Length)];

    // After the tables above: static fields are initialised in the order they are written.
    public static readonly IReadOnlyList<HostileRequest> All =
    [
        .. BadEmails().SelectMany(EmailRequests),
        .. BadTopics().SelectMany(TopicRequests),
        .. BadScheduleFields().SelectMany(ScheduleRequests),
        .. WrongJson(),
        .. InvalidUtf8(),
        .. HostileTokens.Requests(),
        .. WrongContent(),
        .. Oversize(),
        .. AdminInputs(),
        .. HostileLikes.Requests(),
        .. Bounces(),
    ];

    static IEnumerable<(string Name, string Value)> BadEmails() =>
        Fragments.SelectMany(f => Positions.Select(p => ($"{f.Name} {p.Name}", Base.Insert(p.At, f.Text))))
            .Concat(
            [
                ("leading hyphen", "-ada@example.org"), ("star in domain", "ada@exa*mple.org"), ("caret in domain", "ada@exa^mple.org"),
                ("underscore in domain", "ada@exa_mple.org"), ("no dot", "ada@localhost"), ("IP literal", "ada@[127.0.0.1]"),
                ("IP address", "ada@127.0.0.1"), ("65-char local part", new string('a', 65) + "@example.org"),
                ("255 chars", new string('a', 60) + "@" + new string('b', 190) + ".org"), ("10,000 chars", new string('a', 10_000) + "@example.org"),
                ("empty", ""), ("blank", "   "), ("no @", "ada"), ("no local part", "@example.org"), ("no domain", "ada@"),
                ("display name", "Ada <ada@example.org>"), ("two addresses", "ada@example.org, bob@example.org"), ("double @", "ada@@example.org"),
                ("empty label", "ada@example..org"), ("script", "<script>alert(1)</script>@example.org"), ("empty punycode", "ada@xn--.org"),
                ("SQL", "ada@example.org'; DROP TABLE subscribers;--"), ("trailing dot", "ada@example.org."),
            ]);

    static IEnumerable<HostileRequest> EmailRequests((string Name, string Value) email) =>
    [
        new($"POST /api/subscriptions email: {email.Name}", Surface.Api, h => h.PostJsonAsync("/api/subscriptions", Json(new { email = email.Value, topics = new[] { "llm" } }))),
        new($"POST /subscribe email: {email.Name}", Surface.Page, h => h.PostFormAsync("/subscribe", [new("email", email.Value), new("topics", "llm")])),
        new($"POST /preferences/lost email: {email.Name}", Surface.Page, h => h.PostFormAsync("/preferences/lost", [new("email", email.Value)])),
        new($"GET /api/admin/subscribers email: {email.Name}", Surface.Api, h => h.GetAsync($"/api/admin/subscribers?email={Uri.EscapeDataString(email.Value)}", h.Admin)),
    ];

    static IEnumerable<(string Name, string Value)> BadTopics() =>
    [
        ("FTS operators", "AND OR NEAR("), ("lone quote", "\""), ("NEAR group", "NEAR(a b)"), ("OR", "a OR b"), ("AND", "llm AND rl"),
        ("brackets", "(llm)"), ("prefix star", "llm*"), ("unknown field", "title:llm"), ("empty author", "author:"), ("empty category", "cat:"),
        ("quote category", "cat:\""), ("unterminated phrase", "\"low-bit quantization"), ("NUL", "llm\0"), ("RLO", "llm\u202e"),
        ("zero-width only", "\u200b"), ("201 chars", new string('a', 201)), ("100,000 chars", new string('a', 100_000)), ("braces", "{llm}"),
        ("caret", "llm^2"), ("lone minus", "-"), ("colon", ":"), ("CRLF header", "llm\r\nBcc: victim@example.org"),
        ("column filter", "{title abstract}: llm"), ("FTS5 star", "*"),
    ];

    static IEnumerable<HostileRequest> TopicRequests((string Name, string Value) topic) =>
    [
        new($"POST /api/subscriptions topic: {topic.Name}", Surface.Api, h => h.PostJsonAsync("/api/subscriptions", Json(new { email = "bob@example.org", topics = new[] { topic.Value } }))),
        new($"POST /subscribe topic: {topic.Name}", Surface.Page, h => h.PostFormAsync("/subscribe", [new("email", "bob@example.org"), new("topics", topic.Value)])),
        new($"GET /api/topics/preview topic: {topic.Name}", Surface.Api, h => h.GetAsync($"/api/topics/preview?topic={Uri.EscapeDataString(topic.Value)}")),
        new($"POST /preferences topic: {topic.Name}", Surface.Page, h => h.PostFormAsync(HostileTokens.Preferences(h), [new("topics", topic.Value)])),
        new($"GET /papers q: {topic.Name}", Surface.Page, h => h.GetAsync($"/papers?q={Uri.EscapeDataString(topic.Value)}")),
    ];

    static IEnumerable<(string Field, string Value)> BadScheduleFields() =>
    [
        ("frequency", "hourly"), ("frequency", "daily\0"), ("frequency", "' OR 1=1 --"), ("weekday", "funday"), ("weekday", "8"),
        ("weekday", "monday,tuesday"), ("weekday", "mon\0day"), ("sendHour", "24"), ("sendHour", "-1"), ("sendHour", "seven"),
        ("sendHour", "99999999999999999999"), ("timeZone", "Mars/Olympus"), ("timeZone", "../../../../etc/passwd"), ("timeZone", "UTC\0"),
        ("timeZone", new string('A', 65)), ("timeZone", "Europe/Paris\u202e"),
    ];

    static IEnumerable<HostileRequest> ScheduleRequests((string Field, string Value) bad)
    {
        var name = $"{bad.Field} {JsonSerializer.Serialize(bad.Value)}";
        var json = new JsonObject { ["email"] = "bob@example.org", ["topics"] = new JsonArray("llm") };
        json[bad.Field] = bad.Field == "sendHour" && decimal.TryParse(bad.Value, out var number) ? JsonValue.Create(number) : JsonValue.Create(bad.Value);
        return
        [
            new($"POST /api/subscriptions {name}", Surface.Api, h => h.PostJsonAsync("/api/subscriptions", json.ToJsonString())),
            new($"POST /subscribe {name}", Surface.Page, h => h.PostFormAsync("/subscribe", [new("email", "bob@example.org"), new("topics", "llm"), new(bad.Field, bad.Value)])),
            new($"POST /preferences {name}", Surface.Page, h => h.PostFormAsync(HostileTokens.Preferences(h), [new("topics", "llm"), new(bad.Field, bad.Value)])),
        ];
    }

    static IEnumerable<HostileRequest> WrongJson()
    {
        string[] bodies =
        [
            "", "null", "[]", "42", "\"text\"", "{", "{\"email\":", "{\"email\":\"bob@example.org\",\"topics\":[\"llm\"]", "{'email':'bob@example.org'}",
            """{"email":42,"topics":["llm"]}""", """{"email":["bob@example.org"],"topics":["llm"]}""", """{"email":{},"topics":["llm"]}""",
            """{"email":true,"topics":["llm"]}""", """{"email":"bob@example.org","topics":"llm"}""", """{"email":"bob@example.org","topics":[1]}""",
            """{"email":"bob@example.org","topics":[[]]}""", """{"email":"bob@example.org","topics":{}}""", """{"email":"bob@example.org","topics":[null]}""",
            """{"email":"bob@example.org","topics":["llm"],"sendHour":"seven"}""", """{"email":"bob@example.org","topics":["llm"],"sendHour":7.5}""",
            """{"email":"bob@example.org","topics":["llm"],"sendHour":1e99}""", """{"email":"bob@example.org","topics":["llm"],"frequency":1}""",
            """{"email":"bob\ud800@example.org","topics":["llm"]}""", """{"email":"bob@example.org","topics":["\udc00"]}""",
            """{"email":"bob\u0000@example.org","topics":["llm"]}""", """{"email":"bob@example.org","topics":["llm\u0000"]}""",
            """{"email":"bob@example.org","topics":[]}""", """{"email":"bob@example.org","topics":[""" + string.Join(',', Enumerable.Repeat("\"llm\"", 21)) + "]}",
            new string('[', 10_000) + new string(']', 10_000), "{\"email\":\"bob@example.org\",\"topics\":[\"llm\"]} trailing",
        ];
        string[] tokens = ["""{"token":1}""", """{"token":[]}""", """{"token":null}""", "{}", "[]", "{\"token\":\"\\ud800\"}", "\"c.1.1.x\""];
        return bodies.Select((body, i) => new HostileRequest($"POST /api/subscriptions JSON #{i}: {Shorten(body)}", Surface.Api, h => h.PostJsonAsync("/api/subscriptions", body)))
            .Concat(tokens.Select(body => new HostileRequest($"POST /api/subscriptions/confirm JSON: {body}", Surface.Api, h => h.PostJsonAsync("/api/subscriptions/confirm", body))));
    }

    static IEnumerable<HostileRequest> InvalidUtf8()
    {
        (string Name, byte[] Bytes)[] broken = [("lone FF", [0xFF]), ("overlong slash", [0xC0, 0xAF]), ("UTF-16 surrogate", [0xED, 0xA0, 0x80]), ("truncated euro", [0xE2, 0x82])];
        (string Path, string Json)[] bodies =
        [
            ("/api/subscriptions", """{"email":"bob{0}@example.org","topics":["llm"]}"""), ("/api/subscriptions/confirm", """{"token":"{0}"}"""),
            ("/api/admin/papers", """[{"paper":{"id":"2511.99999","title":"{0}","summary":"x","authors":[]}}]"""), ("/api/admin/digests/run", """{"date":"{0}"}"""),
        ];
        return broken.SelectMany(b => bodies.Select(body => new HostileRequest(
                $"POST {body.Path} invalid UTF-8: {b.Name}", Surface.Api, h => h.PostAsync(body.Path, Splice(body.Json, b.Bytes), "application/json", h.Admin))))
            .Concat(broken.Select(b => new HostileRequest(
                $"POST /subscribe invalid UTF-8 percent-encoded: {b.Name}", Surface.Page, h => h.PostAsync(
                    "/subscribe", Encoding.ASCII.GetBytes($"email=bob{string.Concat(b.Bytes.Select(x => $"%{x:X2}"))}@example.org&topics=llm&__RequestVerificationToken={Uri.EscapeDataString(h.Antiforgery)}"), "application/x-www-form-urlencoded"))));
    }

    static IEnumerable<HostileRequest> WrongContent()
    {
        var signup = Encoding.UTF8.GetBytes(Json(new { email = "bob@example.org", topics = new[] { "llm" } }));
        string?[] types = [null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/json; charset=iso-8859-1", "application/json-patch+json"];
        string[] origins = ["https://evil.example", "null", "http://localhost.evil.example", "http://localhost:8080", "https://localhost"];
        var fields = Enumerable.Range(0, 1_100).Select(i => new KeyValuePair<string, string>($"f{i}", "x")).ToArray();
        (string Path, Func<HostileApp, string> Url)[] forms =
        [
            ("/subscribe", _ => "/subscribe"), ("/preferences/lost", _ => "/preferences/lost"), ("/confirm", _ => "/confirm"),
            ("/preferences", HostileTokens.Preferences), ("/resubscribe", h => "/resubscribe?token=" + Uri.EscapeDataString(h.Tokens.Create(Subscriptions.LinkPurpose.Unsubscribe, 1))),
            ("/preferences/delete", h => HostileTokens.Preferences(h).Replace("/preferences?", "/preferences/delete?", StringComparison.Ordinal)),
            ("/preferences/likes/remove", h => HostileTokens.Preferences(h).Replace("/preferences?", "/preferences/likes/remove?", StringComparison.Ordinal)),
            ("/preferences/feedback/remove", h => HostileTokens.Preferences(h).Replace("/preferences?", "/preferences/feedback/remove?", StringComparison.Ordinal)),
            ("/feedback", h => HostileApp.FeedbackPath(h.Tokens.Create(Subscriptions.LinkPurpose.Preferences, 1), HostileApp.PaperId, "more")),
        ];
        return types.Select(type => new HostileRequest($"POST /api/subscriptions as {type ?? "no content type"}", Surface.Api, h => h.PostAsync("/api/subscriptions", signup, type)))
            .Concat(types.Take(2).Select(type => new HostileRequest($"POST /api/subscriptions/confirm as {type ?? "no content type"}", Surface.Api, h => h.PostAsync("/api/subscriptions/confirm", "{\"token\":\"x\"}"u8.ToArray(), type))))
            .Concat(origins.Select(origin => new HostileRequest($"POST /api/subscriptions from {origin}", Surface.Api, h => h.PostAsync("/api/subscriptions", signup, "application/json", origin: origin))))
            .Concat(forms.SelectMany(form => new HostileRequest[]
            {
                new($"POST {form.Path} as JSON", Surface.Page, h => h.PostAsync(form.Url(h), signup, "application/json")),
                new($"POST {form.Path} without anti-forgery", Surface.Page, h => h.PostFormAsync(form.Url(h), [new("email", "bob@example.org"), new("topics", "llm"), new("paper", HostileApp.PaperId)], forged: true)),
                new($"POST {form.Path} with 1,100 fields", Surface.Page, h => h.PostFormAsync(form.Url(h), fields)),
                new($"POST {form.Path} with a NUL field name", Surface.Page, h => h.PostFormAsync(form.Url(h), [new("\0", "x"), new("topics", "llm")])),
            }));
    }

    static IEnumerable<HostileRequest> Oversize()
    {
        var megabyte = new string('a', 1024 * 1024);
        return
        [
            new("POST /api/subscriptions over 1 MB", Surface.Api, h => h.PostJsonAsync("/api/subscriptions", Json(new { email = "bob@example.org", topics = new[] { megabyte } }))),
            new("POST /api/subscriptions/confirm over 1 MB", Surface.Api, h => h.PostJsonAsync("/api/subscriptions/confirm", Json(new { token = megabyte }))),
            new("POST /api/admin/papers over 30 MB", Surface.Api, h => h.PostAsync("/api/admin/papers", new byte[30_000_001], "application/json", h.Admin)),
            new("POST /subscribe over 1 MB", Surface.Page, h => h.PostFormAsync("/subscribe", [new("email", "bob@example.org"), new("topics", megabyte)])),
            new("POST /preferences/lost over 1 MB", Surface.Page, h => h.PostFormAsync("/preferences/lost", [new("email", megabyte)])),
            new("POST /preferences over 1 MB", Surface.Page, h => h.PostFormAsync(HostileTokens.Preferences(h), [new("topics", megabyte)])),
        ];
    }

    static IEnumerable<HostileRequest> AdminInputs()
    {
        string[] papers =
        [
            "{not json", """{"paper":{}}""", "[1]", "[{}]", "[null]", """[{"paper":{"id":"../../etc/passwd","title":"x","summary":"x"}}]""",
            """[{"paper":{"id":"2511.00001"}}]""", """[{"paper":{"id":"2511.00001\u0000","title":"x","summary":"x"}}]""", """[{"paper":{"id":42,"title":"x"}}]""",
            """[{"paper":{"id":"２５１１.００００１","title":"Fullwidth digits","summary":"x","authors":[]}}]""",
        ];
        string[] dates = ["""{"date":"2026-13-45"}""", """{"date":"'; DROP TABLE digests;--"}""", """{"date":1}""", """{"date":"2026-02-30"}""", """{"date":"99999-01-01"}""", """{"date":"2026-11-25\n"}""", "[1,2]"];
        string[] runs = ["/api/admin/digests/runs/..%2F..%2Fetc", "/api/admin/digests/runs/x'--", "/api/admin/ingest/runs/abc", "/api/admin/ingest/runs/99999999999999999999"];
        return papers.Select((body, i) => new HostileRequest($"POST /api/admin/papers #{i}: {Shorten(body)}", Surface.Api, h => h.PostJsonAsync("/api/admin/papers", body, h.Admin)))
            .Concat(dates.Select(body => new HostileRequest($"POST /api/admin/digests/run {Shorten(body)}", Surface.Api, h => h.PostJsonAsync("/api/admin/digests/run", body, h.Admin))))
            .Concat(runs.Select(path => new HostileRequest($"GET {path}", Surface.Api, h => h.GetAsync(path, h.Admin))))
            .Concat(
            [
                new("POST /api/admin/papers without the key", Surface.Api, h => h.PostJsonAsync("/api/admin/papers", "[]")),
                new("POST /api/admin/digests/run with a wrong key", Surface.Api, h => h.PostJsonAsync("/api/admin/digests/run", "{}", WithKey(h, "test-admin-keY"))),
                new("GET /api/admin/subscribers with the key as Basic auth", Surface.Api, h => h.GetAsync("/api/admin/subscribers?email=ada%40example.org", WithBasic(h))),
            ]);
    }

    static IEnumerable<HostileRequest> Bounces()
    {
        var plain = new MimeMessage { Subject = "Re: your digest", Body = new TextPart("plain") { Text = "Thanks!" } };
        plain.From.Add(MailboxAddress.Parse("ada@example.org"));
        var empty = new MimeMessage { Subject = "Undelivered Mail", Body = new MultipartReport("delivery-status") { new TextPart("plain") { Text = "It bounced." } } };
        var nested = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n"));
        var hardBounce = BounceReports.Bytes(BounceReports.Dsn("bounces@localhost", HostileApp.Email, "failed", "5.1.1", "smtp; 550 5.1.1 user unknown"));
        (string Name, byte[] Body, string? Type)[] bodies =
        [
            ("empty body", [], "message/rfc822"), ("garbage bytes", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 131 % 256))], "message/rfc822"),
            ("invalid UTF-8 headers", [.. "Subject: "u8, 0xC0, 0xAF, 0xFF, .. "\r\nContent-Type: multipart/report; report-type=delivery-status\r\n\r\n"u8], "message/rfc822"),
            ("NUL in headers", Encoding.UTF8.GetBytes("From: a\0@example.org\r\nSubject: \0\r\n\r\n\0"), "message/rfc822"),
            ("a message that is no report", BounceReports.Bytes(plain), "message/rfc822"), ("a report without a status", BounceReports.Bytes(empty), "message/rfc822"),
            ("a bounce for nobody", BounceReports.Bytes(BounceReports.Dsn("bounces@localhost", "nobody@example.org", "failed", "5.1.1")), "message/rfc822"),
            ("a bounce with a CRLF in the recipient", BounceReports.Bytes(BounceReports.Dsn("bounces@localhost", "ada@example.org\r\nX: y", "failed", "5.1.1")), "message/rfc822"),
            ("2,000 nested multiparts", Encoding.ASCII.GetBytes(nested), "message/rfc822"),
            ("JSON", Encoding.UTF8.GetBytes(Json(new { email = HostileApp.Email, status = "5.1.1" })), "application/json"),
            ("no content type", [], null), ("a form", Encoding.UTF8.GetBytes("email=ada%40example.org&status=5.1.1"), "application/x-www-form-urlencoded"),
        ];
        return bodies.Select(b => new HostileRequest($"POST /api/admin/bounces {b.Name}", Surface.Api, h => h.PostAsync("/api/admin/bounces", b.Body, b.Type, h.Admin)))
            .Concat(
            [
                new("POST /api/admin/bounces over 30 MB", Surface.Api, h => h.PostAsync("/api/admin/bounces", new byte[30_000_001], "message/rfc822", h.Admin)),
                new("POST /api/admin/bounces without the key", Surface.Api, h => h.PostAsync("/api/admin/bounces", hardBounce, "message/rfc822")),
                new("POST /api/admin/bounces with a wrong key", Surface.Api, h => h.PostAsync("/api/admin/bounces", hardBounce, "message/rfc822", WithKey(h, "test-admin-keY"))),
            ]);
    }

    static HttpClient WithKey(HostileApp h, string key)
    {
        var client = h.App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    static HttpClient WithBasic(HostileApp h)
    {
        var client = h.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + DigestMailerApp.AdminKey)));
        return client;
    }

    static byte[] Splice(string json, byte[] bytes)
    {
        var parts = json.Split("{0}");
        return [.. Encoding.UTF8.GetBytes(parts[0]), .. bytes, .. Encoding.UTF8.GetBytes(parts[1])];
    }

    static string Json(object value) => JsonSerializer.Serialize(value);

    static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
