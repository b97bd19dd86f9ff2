using System.Net.Http.Headers;
using DigestMailer.Subscriptions;

namespace DigestMailer.Testing;

/// <summary>A file a form uploads.</summary>
public sealed record Upload(string FileName, byte[] Bytes, string ContentType = "application/x-bibtex")
{
    /// <summary>A file of tests/Samples, copied beside the test binaries.</summary>
    public static Upload Sample(string name) => new(name, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", name)));
}

public static partial class AppScenarios
{
    /// <summary>The subscriber's id, for what a test writes or signs for them directly.</summary>
    public static async Task<long> SubscriberIdAsync(this DigestMailerApp app, string email) =>
        (await app.QuerySqlAsync<long>("SELECT id FROM subscribers WHERE email = @email", new { email })).Single();

    /// <summary>The path of the subscriber's preferences page, with a link token made as a mail's would be.</summary>
    public static async Task<string> PreferencesPathAsync(this DigestMailerApp app, string email)
    {
        var id = await app.SubscriberIdAsync(email);
        return "/preferences?token=" + Uri.EscapeDataString(app.Service<LinkTokens>().Create(LinkPurpose.Preferences, id));
    }

    /// <summary>Posts a page's form as a browser does (multipart, with its anti-forgery field), with a file or none.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(
        this HttpClient browser, string path, string page, IReadOnlyDictionary<string, string> fields, Upload? file = null)
    {
        var form = new MultipartFormDataContent { { new StringContent(AntiforgeryToken(page)), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        var content = new ByteArrayContent(file?.Bytes ?? []);
        content.Headers.ContentType = new MediaTypeHeaderValue(file?.ContentType ?? "application/octet-stream");
        // A browser sends an empty file field, with filename="", when no file was chosen.
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"likesFile\"", FileName = $"\"{file?.FileName}\"" };
        form.Add(content);
        return browser.PostAsync(path, form);
    }

    /// <summary>Presses a remove button of the preferences page: posts its form, which names the paper, to <paramref name="action"/> ("likes/remove").</summary>
    public static Task<HttpResponseMessage> RemoveFromPreferencesAsync(this HttpClient browser, string path, string page, string action, string paper) =>
        browser.PostAsync(path.Replace("/preferences?", $"/preferences/{action}?", StringComparison.Ordinal), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["paper"] = paper,
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
        }));
}
