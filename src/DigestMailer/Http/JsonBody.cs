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
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, cancellationToken);
            return value is null
                ? (null, Problem("body", "The body must be a JSON object."))
                : (value, null);
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
