namespace DigestMailer.Papers;

public static class PaperLinks
{
    /// <summary>The Hugging Face page has the discussion and links; a paper only on arXiv links to its abstract.</summary>
    public static string Page(string arxivId, bool onHuggingFace) =>
        onHuggingFace ? $"https://huggingface.co/papers/{arxivId}" : $"https://arxiv.org/abs/{arxivId}";

    public static string Pdf(string arxivId) => $"https://arxiv.org/pdf/{arxivId}";
}
