using System.Text.Json;
using DigestMailer.Email;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DigestMailer.Subscriptions;

public sealed record ConfirmationView(string Email, string ConfirmUrl, IReadOnlyList<string> Topics, int ExpiresInDays, string SignupUrl);

/// <summary>The double opt-in mail: the topics asked for and a link to the confirm page.</summary>
public sealed class ConfirmationMail(TemplateLibrary templates, MessageFactory messages, LinkTokens tokens, IOptions<AppOptions> app)
{
    public async Task<MimeMessage> BuildAsync(Subscriber subscriber)
    {
        var topics = subscriber.PendingTopicsJson is null
            ? subscriber.Topics
            : JsonSerializer.Deserialize<string[]>(subscriber.PendingTopicsJson) ?? [];
        var token = tokens.Create(LinkPurpose.Confirm, subscriber.Id);
        var view = new ConfirmationView(
            subscriber.Email,
            app.Value.Link("confirm?token=" + Uri.EscapeDataString(token)),
            topics,
            (int)LinkTokens.ConfirmLifetime.TotalDays,
            app.Value.Link(""));
        var html = await templates.RenderHtmlAsync("email/confirm.html.liquid", view);
        var text = await templates.RenderTextAsync("email/confirm.txt.liquid", view);
        return messages.Create(subscriber.Email, "Confirm your DigestMailer subscription", text, html);
    }
}
