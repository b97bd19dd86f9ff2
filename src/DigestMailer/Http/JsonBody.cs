using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Unicode;

namespace DigestMailer.Http;

/// <summary>
/// A JSON request body as a handler parameter. A malformed body is refused with a 400 naming the field, where
/// minimal-API binding would answer an empty 400; a body over the endpoint's <see cref="BodySizeLimit"/> fails the
/// read with a 413. A nullable parameter (<c>JsonBody&lt;T&gt;?</c>) makes the body optional: an empty one binds to null.
/// </summary>
public sealed class JsonBody<T> : IRefusableArgument
{
    readonly T? value;

    JsonBody(T? value, IResult? refusal) => (this.value, Refusal) = (value, refusal);

    public T Value => Refusal is null ? value! : throw RefusableArgumentConventions.RefusedReachedHandler(this);

    public IResult? Refusal { get; }

    [SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Minimal APIs bind a parameter through a static BindAsync on its own type.")]
    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var (body, problem) = await JsonBodyReader.ReadUtf8Async(context.Request, context.RequestAborted);
        if (problem is not null)
        {
            return new JsonBody<T>(default, problem);
        }

        if (body.Span.Trim(" \t\r\n"u8).IsEmpty && IsOptional(parameter))
        {
            return null;
        }

        var (value, invalid) = JsonBodyReader.Deserialize<T>(body);
        return new JsonBody<T>(value, invalid);
    }

    static bool IsOptional(ParameterInfo parameter) =>
        new NullabilityInfoContext().Create(parameter).ReadState == NullabilityState.Nullable;
}

static class JsonBodyReader
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    // System.Text.Json checks UTF-8 only where it decodes a string, and there fails with an InvalidOperationException
    // (a 500) instead of a JsonException; checking the whole body first makes every broken byte one clear 400.
    public static async Task<(ReadOnlyMemory<byte> Body, IResult? Problem)> ReadUtf8Async(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        return Utf8.IsValid(body.Span) ? (body, null) : (default, FieldProblem.For("body", "The body is not valid UTF-8."));
    }

    public static (T? Value, IResult? Problem) Deserialize<T>(ReadOnlyMemory<byte> body)
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(body.Span, Options);
            return value is null ? (default, FieldProblem.For("body", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is null or "$" ? "body" : ex.Path.TrimStart('$', '.');
            var message = field == "body"
                ? "The body is not valid JSON."
                : $"'{field}' has the wrong type or is not valid JSON.";
            return (default, FieldProblem.For(field, message));
        }
    }
}
