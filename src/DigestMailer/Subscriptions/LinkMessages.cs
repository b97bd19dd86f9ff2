namespace DigestMailer.Subscriptions;

/// <summary>What a person is told about a link from a mail that cannot be used, on pages and in the API alike.</summary>
public static class LinkMessages
{
    public const string Invalid = "This link is not valid. Copy the whole link from the mail, or ask for a fresh one at /preferences/lost.";
    public const string Expired = "This confirmation link has expired. Sign up again to get a new one.";
    public const string NoSubscription = "There is no subscription for this link any more.";
    public const string Superseded = "You unsubscribed after this link was sent. Sign up again to get a new confirmation link.";

    /// <summary>Why a link's token cannot be used: expired (only confirmation links expire) or not valid.</summary>
    public static string For(LinkTokenStatus status) => status == LinkTokenStatus.Expired ? Expired : Invalid;
}
