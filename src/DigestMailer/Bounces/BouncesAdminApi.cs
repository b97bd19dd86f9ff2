using Microsoft.AspNetCore.Http.HttpResults;
using MimeKit;

namespace DigestMailer.Bounces;

/// <param name="Action">bounced, suppressed, counted, recorded, unsubscribed, unchanged or duplicate (this report was seen before).</param>
public sealed record BounceRecipientResponse(string Email, long? DigestId, string Kind, string Action, string SubscriberStatus);

/// <param name="Report">delivery-status or feedback-report.</param>
/// <param name="Unknown">Reported recipients that name no subscriber; nothing was done for them.</param>
public sealed record BounceResponse(string Report, IReadOnlyList<BounceRecipientResponse> Recipients, IReadOnlyList<string> Unknown);

/// <summary>POST /api/admin/bounces: a raw DSN or ARF message, for relays that forward bounces over HTTP.</summary>
public static class BouncesAdminApi
{
    public static RouteGroupBuilder MapBouncesAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/bounces", ReceiveAsync);
        return admin;
    }

    static async Task<Results<Ok<BounceResponse>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, BounceProcessor processor, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        if (body.Length == 0)
        {
            return NotAReport("The body is empty; post the report as the raw message (RFC 5322), headers and all.");
        }

        body.Position = 0;
        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(body, cancellationToken);
        }
        catch (FormatException ex)
        {
            return NotAReport($"The body is not a mail message: {ex.Message}");
        }

        if (DeliveryReports.Read(message, out var problem) is not { } report)
        {
            return NotAReport(problem);
        }

        var result = await processor.ProcessAsync(report, trustAddresses: true, cancellationToken);
        if (result.Outcomes.Count == 0 && result.Unknown.Count > 0)
        {
            return TypedResults.Problem(
                $"The report names no subscriber of this service: {string.Join(", ", result.Unknown)}. Nothing was changed.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "No known subscriber");
        }

        return TypedResults.Ok(new BounceResponse(
            result.Type,
            result.Outcomes.Select(o => new BounceRecipientResponse(o.Email, o.DigestId, BounceStore.Name(o.Kind), o.Action, o.SubscriberStatus)).ToList(),
            result.Unknown));
    }

    static ProblemHttpResult NotAReport(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Not a bounce or complaint report");
}
