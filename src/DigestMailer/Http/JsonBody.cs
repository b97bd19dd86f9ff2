using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DigestMailer.Http;

/// <summary>
/// Reads a JSON body so that a malformed one gets a 400 naming the field, where minimal-API binding would
/// answer an empty 400: every endpoint that takes JSON reads it through here. A body over the endpoint's
/// <see cref="BodySizeLimit"/> fails the read with a 413.
/// </summary>
public static class JsonBody
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        var (body, problem) = await ReadUtf8Async(request, cancellationToken);
        return problem is not null ? (null, problem) : Deserialize<T>(body);
    }

    /// <summary>As <see cref="ReadAsync{T}"/>, but an empty body stands for <paramref name="empty"/>.</summary>
    public static async Task<(T? Value, ValidationProblem? Problem)> ReadOptionalAsync<T>(HttpRequest request, T empty, CancellationToken cancellationToken)
        where T : class
    {
        var (body, problem) = await ReadUtf8Async(request, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        return body.Span.Trim(" \t\r\n"u8).IsEmpty ? (empty, null) : Deserialize<T>(body);
    }

    public static async Task<(JsonElement Value, ValidationProblem? Problem)> ReadElementAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadUtf8Async(request, cancellationToken);
        if (problem is not null)
        {
            return (default, problem);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (default, Problem("body", "The body is not valid JSON."));
        }
    }

    public static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    // System.Text.Json checks UTF-8 only where it decodes a string, and there fails with an InvalidOperationException
    // (a 500) instead of a JsonException; checking the whole body first makes every broken byte one clear 400.
    static async Task<(ReadOnlyMemory<byte> Body, ValidationProblem? Problem)> ReadUtf8Async(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        return Utf8.IsValid(body.Span) ? (body, null) : (default, Problem("body", "The body is not valid UTF-8."));
    }

    static (T? Value, ValidationProblem? Problem) Deserialize<T>(ReadOnlyMemory<byte> body)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(body.Span, Options);
            return value is null ? (null, Problem("body", "The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is null or "$" ? "body" : ex.Path.TrimStart('$', '.');
            var message = field == "body"
                ? "The body is not valid JSON."
                : $"'{field}' has the wrong type or is not valid JSON.";
            return (null, Problem(field, message));
        }
    }
}
