using Microsoft.AspNetCore.Antiforgery;

namespace DigestMailer.Pages;

/// <summary>A posted page form, read only when its anti-forgery token is valid.</summary>
public sealed class FormPost(IFormCollection form)
{
    public string? this[string name] => form.TryGetValue(name, out var value) ? value.ToString() : null;

    public static async Task<FormPost?> ReadAsync(HttpContext context, IAntiforgery antiforgery) =>
        context.Request.HasFormContentType && await antiforgery.IsRequestValidAsync(context)
            ? new FormPost(await context.Request.ReadFormAsync(context.RequestAborted))
            : null;

    public static Task<IResult> ExpiredAsync(HttpContext context, PageRenderer pages) =>
        pages.MessageAsync(
            context,
            new MessagePage("Please try again", "This form has expired or was not sent from this site. Go back, reload the page and send it again."),
            StatusCodes.Status400BadRequest);
}
