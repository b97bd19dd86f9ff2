using System.Reflection;
using System.Text;
using System.Text.Json;
using DigestMailer.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DigestMailer.Tests.Http;

public sealed class JsonBodyTests
{
    public sealed record Request(string? Name, int? Count);

    // Parameters whose nullability says whether the body is optional, as a handler declares them.
    static void Handlers(JsonBody<Request> required, JsonBody<Request>? optional)
    {
    }

    static readonly ParameterInfo Required = typeof(JsonBodyTests).GetMethod(nameof(Handlers), BindingFlags.NonPublic | BindingFlags.Static)!.GetParameters()[0];
    static readonly ParameterInfo Optional = typeof(JsonBodyTests).GetMethod(nameof(Handlers), BindingFlags.NonPublic | BindingFlags.Static)!.GetParameters()[1];

    static DefaultHttpContext Posting(byte[] body) => new DefaultHttpContext { Request = { Body = new MemoryStream(body), ContentLength = body.Length } };

    static DefaultHttpContext Posting(string body) => Posting(Encoding.UTF8.GetBytes(body));

    static string[] ErrorsOf(IResult? refusal, string field) =>
        Assert.IsType<ValidationProblem>(refusal).ProblemDetails.Errors[field];

    [Fact]
    public async Task AWellFormedBodyBindsToItsValue()
    {
        var body = await JsonBody<Request>.BindAsync(Posting("""{"name":"a","count":2}"""), Required);

        Assert.Null(body!.Refusal);
        Assert.Equal(new Request("a", 2), body.Value);
    }

    [Fact]
    public async Task AFieldOfTheWrongTypeIsRefusedNamingTheField()
    {
        var body = await JsonBody<Request>.BindAsync(Posting("""{"name":"a","count":"two"}"""), Required);

        Assert.Contains("'count' has the wrong type or is not valid JSON.", ErrorsOf(body!.Refusal, "count"));
    }

    [Fact]
    public async Task InvalidUtf8IsRefusedNamingTheBody()
    {
        var body = await JsonBody<Request>.BindAsync(Posting([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']), Required);

        Assert.Contains("The body is not valid UTF-8.", ErrorsOf(body!.Refusal, "body"));
    }

    [Fact]
    public async Task AJsonNullIsRefusedAsNotAnObject()
    {
        var body = await JsonBody<Request>.BindAsync(Posting("null"), Required);

        Assert.Contains("The body must be a JSON object.", ErrorsOf(body!.Refusal, "body"));
    }

    [Fact]
    public async Task AnEmptyBodyIsRefusedWhereTheParameterRequiresOne()
    {
        var body = await JsonBody<Request>.BindAsync(Posting(" \r\n"), Required);

        Assert.Contains("The body is not valid JSON.", ErrorsOf(body!.Refusal, "body"));
    }

    [Fact]
    public async Task AnEmptyBodyBindsToNullWhereTheParameterIsNullable()
    {
        Assert.Null(await JsonBody<Request>.BindAsync(Posting(" \r\n"), Optional));
    }

    [Fact]
    public async Task AnyJsonValueBindsToAJsonElement()
    {
        var body = await JsonBody<JsonElement>.BindAsync(Posting("[1,2]"), Required);

        Assert.Equal(2, body!.Value.GetArrayLength());
    }

    [Fact]
    public async Task ReadingTheValueOfARefusedBodyThrowsRatherThanPassingOnNothing()
    {
        var body = await JsonBody<Request>.BindAsync(Posting("{"), Required);

        Assert.Throws<InvalidOperationException>(() => body!.Value);
    }

    [Fact]
    public async Task TheGroupFilterAnswersWithTheFirstRefusalAndSkipsTheHandler()
    {
        var refused = await JsonBody<Request>.BindAsync(Posting("{"), Required);
        var usable = await JsonBody<Request>.BindAsync(Posting("""{"name":"a"}"""), Required);
        var handlerRan = false;
        var context = EndpointFilterInvocationContext.Create(new DefaultHttpContext(), usable, refused);

        var answer = await new RefuseUnusableArguments().InvokeAsync(context, _ =>
        {
            handlerRan = true;
            return ValueTask.FromResult<object?>(null);
        });

        Assert.Same(refused!.Refusal, answer);
        Assert.False(handlerRan);
    }
}
