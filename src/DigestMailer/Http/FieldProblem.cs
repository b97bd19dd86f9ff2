using Microsoft.AspNetCore.Http.HttpResults;

namespace DigestMailer.Http;

/// <summary>The 400 problem+json that names what to fix: a body's field, a query parameter, a form field.</summary>
public static class FieldProblem
{
    public static ValidationProblem For(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
