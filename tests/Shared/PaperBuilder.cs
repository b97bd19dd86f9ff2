using System.Text.Json.Nodes;

namespace DigestMailer.Testing;

/// <summary>Builds one entry of the Hugging Face daily_papers shape, with defaults for what a test does not care about.</summary>
public sealed class PaperBuilder
{
    static int nextId = 1;

    string id = $"2511.{Interlocked.Increment(ref nextId):D5}";
    string title = "An Untitled Paper";
    string summary = "An abstract.";
    string[] authors = ["Ada Author"];
    int upvotes;
    string? github;
    string? projectPage;

    public static PaperBuilder Titled(string title) => new() { title = title };

    public string ArxivId => id;

    public string Title => title;

    public PaperBuilder WithId(string value)
    {
        id = value;
        return this;
    }

    public PaperBuilder WithAbstract(string value)
    {
        summary = value;
        return this;
    }

    public PaperBuilder WithAuthors(params string[] names)
    {
        authors = names;
        return this;
    }

    public PaperBuilder WithUpvotes(int value)
    {
        upvotes = value;
        return this;
    }

    public PaperBuilder WithLinks(string? githubRepo, string? projectPageUrl)
    {
        github = githubRepo;
        projectPage = projectPageUrl;
        return this;
    }

    public JsonObject ToJson() => new()
    {
        ["paper"] = new JsonObject
        {
            ["id"] = id,
            ["title"] = title,
            ["summary"] = summary,
            ["upvotes"] = upvotes,
            ["publishedAt"] = "2026-11-24T17:59:02.000Z",
            ["authors"] = new JsonArray(authors.Select(a => (JsonNode)new JsonObject { ["name"] = a }).ToArray()),
            ["githubRepo"] = github,
            ["projectPage"] = projectPage,
        },
        ["title"] = title,
        ["numComments"] = 2,
    };
}
