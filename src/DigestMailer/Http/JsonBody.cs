using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DigestMailer.Http;

/// <summary>
/// Reads a JSON body so that a malformed one gets a 400 naming the field, where minimal-API binding would
/// answer an empty 400: every endpoint that takes JSON reads it through here.
/// </summary>
public static class JsonBody
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return Checked(await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken));
        }
        catch (JsonException ex)
        {
            return (null, Problem(ex));
        }
    }

    /// <summary>As <see cref="ReadAsync{T}"/>, but an empty body stands for <paramref name="empty"/>.</summary>
    public static async Task<(T? Value, ValidationProblem? Problem)> ReadOptionalAsync<T>(HttpRequest request, T empty, CancellationToken cancellationToken)
        where T : class
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (empty, null);
        }

        try
        {
            return Checked(JsonSerializer.Deserialize<T>(text, Options));
        }
        catch (JsonException ex)
        {
            return (null, Problem(ex));
        }
    }

    static (T? Value, ValidationProblem? Problem) Checked<T>(T? value)
        where T : class =>
        value is null ? (null, Problem("body", "The body must be a JSON object.")) : (value, null);

    static ValidationProblem Problem(JsonException ex)
    {
        {
            var field = ex.Path is null or "$" ? "body" : ex.Path.TrimStart('$', '.');
            var message = field == "body"
                ? "The body is not valid JSON."
                : $"'{field}' has the wrong type or is not valid JSON.";
            return Problem(field, message);
        }
    }

    public static async Task<(JsonElement Value, ValidationProblem? Problem)> ReadElementAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (default, Problem("body", "The body is not valid JSON."));
        }
    }

    public static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
