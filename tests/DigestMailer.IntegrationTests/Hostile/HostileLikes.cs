using System.Text;
using System.Text.Json;
using DigestMailer.Papers;
using DigestMailer.Subscriptions;

namespace DigestMailer.IntegrationTests.Hostile;

/// <summary>
/// Liked papers and feedback: bad likes in the sign-up API, the sign-up and preferences forms and their uploaded file;
/// bad fields in a "more / less like this" link; bad papers for the preferences page's remove buttons.
/// </summary>
public static class HostileLikes
{
    /// <summary>Paper fields that name no paper (or not only one): each must be refused before anything is looked up or stored.</summary>
    static readonly (string Name, string Value)[] BadPapers =
    [
        ("empty", ""), ("blank", "   "), ("garbage", "garbage"), ("impossible month", "2513.00001"), ("too many digits", "2511.900011"),
        ("path", "../../etc/passwd"), ("NUL", HostileApp.PaperId + "\0"), ("only NUL", "\0"), ("CRLF header", HostileApp.PaperId + "\r\nBcc: victim@example.org"),
        ("LF", "2511.\n90001"), ("RLO", "\u202e" + HostileApp.PaperId), ("zero-width space", "2511.\u200b90001"), ("SQL", HostileApp.PaperId + "' OR 1=1 --"),
        ("10,000 chars", new string('9', 10_000)), ("301-char link", "https://arxiv.org/abs/" + HostileApp.PaperId + "?" + new string('x', 280)),
        ("another site's link", "https://evil.example/" + HostileApp.PaperId), ("two ids", HostileApp.PaperId + " 2511.90002"), ("script", "<script>alert(1)</script>"),
        ("fullwidth digits", "２５１１.９０００１"),
    ];

    /// <summary>Valid ids, one more than a subscriber may like.</summary>
    static readonly string[] TooManyIds = [.. Enumerable.Range(1, LikedPaperIds.Max + 1).Select(i => $"2510.{i:D5}")];

    public static IEnumerable<HostileRequest> Requests() =>
    [
        .. BadPapers.SelectMany(PaperRequests),
        .. WrongLikesJson(),
        .. BadFiles(),
        .. BadVotes(),
    ];

    static IEnumerable<HostileRequest> PaperRequests((string Name, string Value) paper) =>
    [
        new($"POST /api/subscriptions likes: {paper.Name}", Surface.Api, h => h.PostJsonAsync("/api/subscriptions", Json(new { email = "bob@example.org", topics = new[] { "llm" }, likes = new[] { paper.Value } }))),
        // A blank likes box is no likes at all, not a bad one.
        .. string.IsNullOrWhiteSpace(paper.Value) ? [] : new HostileRequest[]
        {
            new($"POST /subscribe likes: {paper.Name}", Surface.Page, h => h.PostFormAsync("/subscribe", [new("email", "bob@example.org"), new("topics", "llm"), new("likes", paper.Value)])),
            new($"POST /preferences likes: {paper.Name}", Surface.Page, h => h.PostFormAsync(HostileTokens.Preferences(h), [new("topics", "llm"), new("likes", paper.Value)])),
        },
        new($"GET /feedback paper: {paper.Name}", Surface.Page, h => h.GetAsync(Feedback(h, paper.Value, "more"))),
        new($"POST /feedback paper: {paper.Name}", Surface.Page, h => h.PostFormAsync(Feedback(h, paper.Value, "more"), [])),
        new($"POST /preferences/likes/remove paper: {paper.Name}", Surface.Page, h => h.PostFormAsync(Remove(h, "likes"), [new("paper", paper.Value)])),
        new($"POST /preferences/feedback/remove paper: {paper.Name}", Surface.Page, h => h.PostFormAsync(Remove(h, "feedback"), [new("paper", paper.Value)])),
    ];

    static IEnumerable<HostileRequest> WrongLikesJson()
    {
        string[] likes =
        [
            "\"2511.90002\"", "42", "{}", "true", "[1]", "[null]", "[[]]", "[{}]", "[true]", "[\"\\u0000\"]", "[\"2511.90002\\u0000\"]", "[\"\\ud800\"]",
            "[\"2511.90002\",\"garbage\"]", Json(TooManyIds), Json(Enumerable.Repeat(HostileApp.PaperId, LikedPaperIds.Max * 10 + 1)),
        ];
        return likes.Select(value => new HostileRequest(
            $"POST /api/subscriptions likes JSON: {Shorten(value)}", Surface.Api,
            h => h.PostJsonAsync("/api/subscriptions", $$"""{"email":"bob@example.org","topics":["llm"],"likes":{{value}}}""")))
            .Concat(
            [
                new($"POST /subscribe likes: {LikedPaperIds.Max + 1} ids", Surface.Page, h => h.PostFormAsync("/subscribe", [new("email", "bob@example.org"), new("topics", "llm"), new("likes", string.Join('\n', TooManyIds))])),
                new($"POST /preferences likes: {LikedPaperIds.Max + 1} ids", Surface.Page, h => h.PostFormAsync(HostileTokens.Preferences(h), [new("topics", "llm"), new("likes", string.Join('\n', TooManyIds))])),
            ]);
    }

    static IEnumerable<HostileRequest> BadFiles()
    {
        (string Name, string FileName, byte[] Bytes)[] files =
        [
            ("binary", "refs.bib", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]),
            ("NUL in text", "refs.txt", Encoding.UTF8.GetBytes(HostileApp.PaperId + "\0\n")),
            ("invalid UTF-8", "refs.bib", [.. "@article{x, eprint = {2511.90002}, title = {"u8, 0xC0, 0xAF, .. "}}"u8]),
            ("UTF-16", "refs.txt", Encoding.Unicode.GetBytes("2511.90002\n")),
            ("over 512 KB", "refs.bib", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("@misc{x, title = {padding}}\n", 20_000)))),
            ("over 1 MB", "refs.bib", new byte[1_100_000]),
            ($"{LikedPaperIds.Max + 1} ids", "refs.txt", Encoding.UTF8.GetBytes(string.Join('\n', TooManyIds))),
            ("path traversal name, binary", "../../../etc/passwd.bib", [0xFF, 0x00]),
        ];
        return files.SelectMany(file => new HostileRequest[]
        {
            new($"POST /subscribe likesFile: {file.Name}", Surface.Page, h => h.PostFormWithFileAsync("/subscribe", [new("email", "bob@example.org"), new("topics", "llm")], LikesForm.FileField, file.FileName, file.Bytes)),
            new($"POST /preferences likesFile: {file.Name}", Surface.Page, h => h.PostFormWithFileAsync(HostileTokens.Preferences(h), [new("topics", "llm")], LikesForm.FileField, file.FileName, file.Bytes)),
        });
    }

    static IEnumerable<HostileRequest> BadVotes()
    {
        (string Name, string Path)[] links =
        [
            ("vote empty", "vote="), ("vote maybe", "vote=maybe"), ("vote MORE", "vote=MORE"), ("vote 1", "vote=1"), ("vote -1", "vote=-1"),
            ("vote NUL", "vote=more%00"), ("vote CRLF", "vote=more%0D%0ASet-Cookie:%20x=y"), ("vote padded", "vote=%20more"),
            ("vote 10,000 chars", "vote=" + new string('m', 10_000)), ("vote as an array", "vote[]=more"), ("no vote", ""), ("no paper", "paper-missing"),
        ];
        return links.SelectMany(link => new HostileRequest[]
        {
            new($"GET /feedback {link.Name}", Surface.Page, h => h.GetAsync(Vote(h, link.Path))),
            new($"POST /feedback {link.Name}", Surface.Page, h => h.PostFormAsync(Vote(h, link.Path), [])),
        });
    }

    static string Vote(HostileApp h, string query)
    {
        var token = Uri.EscapeDataString(h.Tokens.Create(LinkPurpose.Preferences, 1));
        return query == "paper-missing" ? $"/feedback?token={token}&vote=more" : $"/feedback?token={token}&paper={HostileApp.PaperId}&{query}";
    }

    static string Feedback(HostileApp h, string paper, string vote) => HostileApp.FeedbackPath(h.Tokens.Create(LinkPurpose.Preferences, 1), paper, vote);

    static string Remove(HostileApp h, string list) =>
        HostileTokens.Preferences(h).Replace("/preferences?", $"/preferences/{list}/remove?", StringComparison.Ordinal);

    static string Json(object value) => JsonSerializer.Serialize(value);

    static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
