using DigestMailer.Digests;
using DigestMailer.Topics;

namespace DigestMailer.Subscriptions;

public sealed record ValidSignup(EmailAddress Email, IReadOnlyList<Topic> Topics, SendSchedule Schedule);

/// <summary>The rules a sign-up must meet, shared by the JSON API and the sign-up form; errors are keyed by field.</summary>
public static class SignupValidation
{
    public static (ValidSignup? Signup, Dictionary<string, string[]> Errors) Validate(
        string? email, IReadOnlyList<string?>? topics, string? frequency = null, string? weekday = null, int? sendHour = null, string? timeZone = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!EmailAddress.TryParse(email, out var address, out var emailError))
        {
            errors["email"] = [emailError];
        }

        var parsed = ValidateTopics(topics, errors);
        var schedule = ScheduleValidation.Validate(frequency, weekday, sendHour, timeZone, errors);
        return errors.Count == 0 ? (new ValidSignup(address!, parsed, schedule), errors) : (null, errors);
    }

    public static List<Topic> ValidateTopics(IReadOnlyList<string?>? topics, Dictionary<string, string[]> errors)
    {
        var parsed = new List<Topic>();
        if (topics is null || topics.Count == 0)
        {
            errors["topics"] = ["Add at least one topic."];
            return parsed;
        }

        if (topics.Count > SubscriptionOptions.MaxTopics)
        {
            errors["topics"] = [$"At most {SubscriptionOptions.MaxTopics} topics, not {topics.Count}."];
            return parsed;
        }

        for (var i = 0; i < topics.Count; i++)
        {
            var result = TopicParser.Parse(topics[i]);
            if (result.Topic is null)
            {
                errors[$"topics[{i}]"] = [$"Topic {i + 1} \"{Shorten(topics[i])}\": {result.Error} (at character {result.Position})"];
            }
            else if (!parsed.Any(t => t.Key == result.Topic.Key))
            {
                parsed.Add(result.Topic);
            }
        }

        return parsed;
    }

    static string Shorten(string? text)
    {
        var oneLine = new string((text ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return oneLine.Length <= 40 ? oneLine : oneLine[..40] + "…";
    }
}
