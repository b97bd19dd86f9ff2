using DigestMailer.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DigestMailer.Topics;

/// <summary>GET /api/topics/preview?topic=…: lets a person tune a topic against last week's papers before subscribing.</summary>
public static class TopicsApi
{
    public const string PreviewRateLimit = "topic-preview";

    public static RouteGroupBuilder MapTopics(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/topics").WithTags("Topics").RequireRateLimiting(PreviewRateLimit);
        group.MapGet("/preview", PreviewAsync);
        return group;
    }

    static async Task<Results<Ok<PreviewResult>, ValidationProblem>> PreviewAsync(string? topic, TopicPreview preview, CancellationToken cancellationToken)
    {
        var parsed = TopicParser.Parse(topic);
        if (parsed.Topic is null)
        {
            return FieldProblem.For("topic", $"{parsed.Error} (at character {parsed.Position})");
        }

        return TypedResults.Ok(await preview.PreviewAsync(parsed.Topic, cancellationToken));
    }
}
