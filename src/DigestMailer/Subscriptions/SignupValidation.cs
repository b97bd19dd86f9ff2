using DigestMailer.Papers;
using DigestMailer.Topics;

namespace DigestMailer.Subscriptions;

/// <summary>What a subscriber asks to be sent: their topics (as written) and/or the day's trending papers.</summary>
public sealed record Interests(IReadOnlyList<string> Topics, bool Trending);

public sealed record ValidSignup(EmailAddress Email, IReadOnlyList<Topic> Topics, bool Trending, SendSchedule Schedule)
{
    /// <summary>The arXiv ids of the papers the reader likes, bare and without duplicates.</summary>
    public IReadOnlyList<string> Likes { get; init; } = [];

    public Interests Interests => new([.. Topics.Select(t => t.Text)], Trending);
}

/// <summary>The rules a sign-up must meet, shared by the JSON API and the sign-up form; errors are keyed by field.</summary>
public static class SignupValidation
{
    public const string NothingChosen = "Add at least one topic or a paper you like, or ask for the day's trending papers.";

    public static (ValidSignup? Signup, Dictionary<string, string[]> Errors) Validate(
        string? email,
        IReadOnlyList<string?>? topics,
        bool trending = false,
        string? frequency = null,
        string? weekday = null,
        int? sendHour = null,
        string? timeZone = null,
        IReadOnlyList<string?>? likes = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!EmailAddress.TryParse(email, out var address, out var emailError))
        {
            errors["email"] = [emailError];
        }

        var liked = LikesValidation.Validate(likes, errors);
        var parsed = ValidateInterests(topics, trending, errors, hasLikes: liked.Count > 0 || errors.Keys.Any(LikesValidation.IsLikesField));
        var schedule = ScheduleValidation.Validate(frequency, weekday, sendHour, timeZone, errors);
        return errors.Count == 0 ? (new ValidSignup(address!, parsed, trending, schedule) { Likes = liked }, errors) : (null, errors);
    }

    /// <summary>
    /// The topics, each parsed; none is fine when the subscriber asks for trending papers or likes some paper, but
    /// something must be chosen: with nothing, every field is named, since any one would do.
    /// </summary>
    public static List<Topic> ValidateInterests(IReadOnlyList<string?>? topics, bool trending, Dictionary<string, string[]> errors, bool hasLikes = false)
    {
        if ((topics is null || topics.Count == 0) && !trending && !hasLikes)
        {
            errors["topics"] = [NothingChosen];
            errors["trending"] = [NothingChosen];
            errors["likes"] = [NothingChosen];
            return [];
        }

        return ValidateTopics(topics ?? [], errors);
    }

    static List<Topic> ValidateTopics(IReadOnlyList<string?> topics, Dictionary<string, string[]> errors)
    {
        var parsed = new List<Topic>();
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

    internal static string Shorten(string? text)
    {
        var oneLine = new string((text ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return oneLine.Length <= 40 ? oneLine : oneLine[..40] + "…";
    }
}
