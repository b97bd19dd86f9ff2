using DigestMailer.Http;
using Microsoft.AspNetCore.Antiforgery;

namespace DigestMailer.Pages;

/// <summary>
/// A posted page form as a handler parameter: read only when it can be read and its anti-forgery token is valid,
/// otherwise refused with the page that tells the person what to do (see <see cref="IRefusableArgument"/>). Every
/// page form is checked this way; the one POST without a token (RFC 8058's one-click unsubscribe) takes no form.
/// </summary>
public sealed class FormPost : IRefusableArgument
{
    readonly IFormCollection? form;

    FormPost(IFormCollection? form, IResult? refusal) => (this.form, Refusal) = (form, refusal);

    public IResult? Refusal { get; }

    public string? this[string name] => Form.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>The file uploaded in the field, or null when none was chosen (a multipart form with an empty file field).</summary>
    public IFormFile? File(string name) => Form.Files.GetFile(name) is { Length: > 0 } file ? file : null;

    IFormCollection Form => Refusal is null ? form! : throw RefusableArgumentConventions.RefusedReachedHandler(this);

    /// <summary>Whether a checkbox was ticked: browsers send "on" for one without a value, ours send "true".</summary>
    public static bool Checked(string? value) => value is "true" or "on";

    public static async ValueTask<FormPost> BindAsync(HttpContext context)
    {
        var pages = context.RequestServices.GetRequiredService<PageRenderer>();
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        var (form, refusal) = await ReadAsync(context, antiforgery, pages);
        return new FormPost(form, refusal);
    }

    static async Task<(IFormCollection? Form, IResult? Refusal)> ReadAsync(HttpContext context, IAntiforgery antiforgery, PageRenderer pages)
    {
        if (!context.Request.HasFormContentType)
        {
            return (null, await ExpiredAsync(context, pages));
        }

        IFormCollection form;
        try
        {
            // Read here rather than inside the anti-forgery check, which would turn a form the framework cannot parse
            // (a %00, more than FormOptions.ValueCountLimit fields, an over-long value) into an exception and a 500.
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return (null, await pages.MessageAsync(context, Unreadable, StatusCodes.Status400BadRequest));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, await pages.MessageAsync(context, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge : Unreadable, ex.StatusCode));
        }

        return await antiforgery.IsRequestValidAsync(context) ? (form, null) : (null, await ExpiredAsync(context, pages));
    }

    static readonly MessagePage Unreadable = new(
        "Please check the form",
        "This form could not be read: it has too many fields, a field that is too long, or a character that cannot be sent (such as a NUL). Go back, correct it and send it again.");

    static readonly MessagePage TooLarge = new(
        "Please shorten the form",
        "This form is far larger than any topic list or reference file needs (1 MB in all, an uploaded file at most 512 KB). Go back, shorten the text or upload an export of just the papers you like, and send it again.");

    static Task<IResult> ExpiredAsync(HttpContext context, PageRenderer pages) =>
        pages.MessageAsync(
            context,
            new MessagePage("Please try again", "This form has expired or was not sent from this site. Go back, reload the page and send it again."),
            StatusCodes.Status400BadRequest);
}
