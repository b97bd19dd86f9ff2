namespace DigestMailer.Http;

/// <summary>
/// A handler argument whose binding can refuse the request: a JSON body that cannot be read, a posted form that fails
/// its anti-forgery check, a mail's link whose token is not valid. Binding records the refusal instead of throwing,
/// and the route group's <see cref="RefuseUnusableArguments"/> filter answers with it before the handler runs, so a
/// handler only ever receives arguments it can use.
/// </summary>
public interface IRefusableArgument
{
    /// <summary>The answer to give instead of running the handler, or null when the argument can be used.</summary>
    IResult? Refusal { get; }
}

/// <summary>Answers with the first refused argument's refusal, in the order of the handler's parameters.</summary>
public sealed class RefuseUnusableArguments : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is IRefusableArgument { Refusal: { } refusal })
            {
                return refusal;
            }
        }

        return await next(context);
    }
}

public static class RefusableArgumentConventions
{
    /// <summary>Set once on a route group whose handlers take <see cref="IRefusableArgument"/>s.</summary>
    public static TBuilder RefusingUnusableArguments<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, RefuseUnusableArguments>();

    /// <summary>What a refusable argument's value throws when it is read although it was refused.</summary>
    public static InvalidOperationException RefusedReachedHandler(IRefusableArgument argument) =>
        new($"A refused {argument.GetType().Name} reached its handler: map the endpoint in a group with RefusingUnusableArguments().");
}
