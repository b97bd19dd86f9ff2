using System.Text.Json;
using DigestMailer.Email;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DigestMailer.Subscriptions;

/// <param name="Digest">What was asked for, as the schedule reads: "a daily digest", "a weekly digest on Mondays".</param>
public sealed record ConfirmationView(string Email, string ConfirmUrl, IReadOnlyList<string> Topics, int ExpiresInDays, string SignupUrl, string Digest);

public sealed record PreferencesLinkView(string Email, string PreferencesUrl, string SignupUrl);

/// <summary>The mails about a subscription itself, queued in mail_outbox by kind: the double opt-in and the lost-link mail.</summary>
public sealed class AccountMail(
    SubscriptionStore subscribers, TemplateLibrary templates, MessageFactory messages, LinkTokens tokens, IOptions<AppOptions> app) : IOutboxMessages
{
    public const string Confirm = "confirm";
    public const string PreferencesLink = "preferences-link";

    public async Task<OutboxContent> BuildAsync(string kind, long subscriberId, CancellationToken cancellationToken)
    {
        if (await subscribers.GetAsync(subscriberId, cancellationToken) is not { } subscriber)
        {
            return OutboxContent.Never("subscriber no longer exists");
        }

        return await BuildAsync(kind, subscriber) is { } message
            ? OutboxContent.Of(message)
            : OutboxContent.Never($"unknown kind of mail '{kind}'");
    }

    // The same state a hard bounce reported after the fact leads to: a pending subscriber whose confirmation cannot
    // be delivered is suppressed too, and a later sign-up with the address starts again.
    public Task MailboxRefusedAsync(long subscriberId, CancellationToken cancellationToken) =>
        subscribers.SuppressAsync(subscriberId, cancellationToken);

    /// <returns>The message, or null for a kind this version does not know.</returns>
    public Task<MimeMessage?> BuildAsync(string kind, Subscriber subscriber) => kind switch
    {
        Confirm => BuildConfirmationAsync(subscriber),
        PreferencesLink => BuildPreferencesLinkAsync(subscriber),
        _ => Task.FromResult<MimeMessage?>(null),
    };

    async Task<MimeMessage?> BuildConfirmationAsync(Subscriber subscriber)
    {
        var topics = subscriber.PendingTopicsJson is null
            ? subscriber.Topics
            : JsonSerializer.Deserialize<string[]>(subscriber.PendingTopicsJson) ?? [];
        var view = new ConfirmationView(
            subscriber.Email,
            Link("confirm", LinkPurpose.Confirm, subscriber.Id),
            topics,
            (int)LinkTokens.ConfirmLifetime.TotalDays,
            app.Value.Link(""),
            ScheduleWording.Digest(subscriber.Schedule));
        return await RenderAsync(subscriber.Email, "Confirm your DigestMailer subscription", "confirm", view);
    }

    async Task<MimeMessage?> BuildPreferencesLinkAsync(Subscriber subscriber)
    {
        var view = new PreferencesLinkView(subscriber.Email, Link("preferences", LinkPurpose.Preferences, subscriber.Id), app.Value.Link(""));
        return await RenderAsync(subscriber.Email, "Your DigestMailer preferences link", "preferences-link", view);
    }

    string Link(string path, LinkPurpose purpose, long subscriberId) =>
        app.Value.Link($"{path}?token={Uri.EscapeDataString(tokens.Create(purpose, subscriberId))}");

    async Task<MimeMessage> RenderAsync(string to, string subject, string template, object view)
    {
        var html = await templates.RenderHtmlAsync($"email/{template}.html.liquid", view);
        var text = await templates.RenderTextAsync($"email/{template}.txt.liquid", view);
        return messages.CreateAccountMail(to, subject, text, html);
    }
}
