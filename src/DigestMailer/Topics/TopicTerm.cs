namespace DigestMailer.Topics;

public enum TopicTermKind
{
    Word,
    Phrase,
    Author,
    Category,
}

/// <summary>One part of a topic: everything positive in a topic must match, a negated term must not.</summary>
public sealed record TopicTerm(TopicTermKind Kind, string Text, bool Negated);
