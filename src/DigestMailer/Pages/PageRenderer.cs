using DigestMailer.Email;
using Microsoft.AspNetCore.Antiforgery;

namespace DigestMailer.Pages;

public sealed record HiddenField(string Name, string Value);

public sealed record PageForm(string Action, string Button, IReadOnlyList<HiddenField> Fields, bool Secondary = false);

/// <summary>A link under a page's message, such as back to the preferences.</summary>
public sealed record PageLink(string Url, string Text);

/// <summary>A simple page: a heading, a message and at most a couple of one-button forms.</summary>
public sealed record MessagePage(string Title, string Message, IReadOnlyList<PageForm> Forms)
{
    public PageLink? Link { get; init; }

    public MessagePage(string title, string message, params PageForm[] forms)
        : this(title, message, (IReadOnlyList<PageForm>)forms)
    {
    }
}

/// <summary>Renders the server-side pages (templates/pages/) with the anti-forgery field every form carries.</summary>
public sealed class PageRenderer(TemplateLibrary templates, IAntiforgery antiforgery)
{
    public async Task<IResult> RenderAsync(HttpContext context, string template, object model, int statusCode = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var values = new Dictionary<string, object>
        {
            ["csrf_name"] = tokens.FormFieldName,
            ["csrf_value"] = tokens.RequestToken ?? "",
        };
        var html = await templates.RenderHtmlAsync($"pages/{template}.liquid", model, values);
        return Results.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
    }

    public Task<IResult> MessageAsync(HttpContext context, MessagePage page, int statusCode = StatusCodes.Status200OK) =>
        RenderAsync(context, "message", page, statusCode);
}
