using System.Globalization;
using System.Text;
using DigestMailer.Papers;
using DigestMailer.Topics;

namespace DigestMailer.Bench;

/// <summary>
/// Synthetic but realistic machine-learning papers and topics, from a fixed seed so every run measures the same
/// data. Titles and abstracts are built from the same concept list the topics are drawn from, so a topic matches
/// a share of the papers similar to a real day of arXiv (a few percent for a concept, less for a combination).
/// </summary>
sealed class MlCorpus(int seed)
{
    public static readonly string[] Concepts =
    [
        "diffusion models", "large language models", "vision transformers", "reinforcement learning",
        "retrieval-augmented generation", "low-bit quantization", "mixture of experts", "contrastive learning",
        "graph neural networks", "speech recognition", "text-to-image generation", "instruction tuning",
        "chain-of-thought reasoning", "in-context learning", "knowledge distillation", "federated learning",
        "neural radiance fields", "gaussian splatting", "object detection", "semantic segmentation",
        "video generation", "code generation", "multimodal models", "reward modeling", "preference optimization",
        "state space models", "sparse attention", "long-context modeling", "tokenization", "speculative decoding",
        "model merging", "continual learning", "domain adaptation", "few-shot learning", "self-supervised learning",
        "masked autoencoders", "neural architecture search", "adversarial robustness", "differential privacy",
        "machine unlearning", "hallucination detection", "uncertainty estimation", "causal inference",
        "time series forecasting", "anomaly detection", "recommender systems", "protein structure prediction",
        "molecular generation", "autonomous driving", "robot manipulation", "embodied agents", "tool use",
        "web agents", "mathematical reasoning", "theorem proving", "program synthesis", "machine translation",
        "question answering", "abstractive summarization", "sentiment analysis", "named entity recognition",
        "information retrieval", "dense retrieval", "reranking", "vector search", "prompt engineering",
        "red teaming", "jailbreak attacks", "watermarking", "data contamination", "benchmark evaluation",
        "scaling laws", "pretraining data", "synthetic data", "curriculum learning", "learning rate schedules",
        "second-order optimizers", "low-rank adaptation", "parameter-efficient fine-tuning", "structured pruning",
        "activation sparsity", "KV cache compression", "flash attention", "distributed training",
        "pipeline parallelism", "inference serving", "on-device inference", "energy efficiency", "world models",
        "video understanding", "image captioning", "visual question answering", "document understanding",
        "optical character recognition", "table reasoning", "audio generation", "music generation",
        "text-to-speech", "speaker verification", "emotion recognition", "medical imaging", "clinical notes",
        "drug discovery", "weather forecasting", "climate modeling", "physics-informed neural networks",
        "neural operators", "symbolic regression", "mechanistic interpretability", "sparse autoencoders",
        "probing classifiers", "feature attribution", "algorithmic fairness", "bias mitigation", "value alignment",
        "constitutional AI", "human feedback", "reward hacking", "multi-agent systems", "game theory",
        "multi-armed bandits", "offline reinforcement learning", "imitation learning", "motion planning",
        "pose estimation", "depth estimation", "optical flow", "image restoration", "super-resolution",
        "image editing", "style transfer", "face recognition", "person re-identification", "point clouds",
        "scene graphs", "open-vocabulary detection", "zero-shot classification", "vision-language models",
        "audio-visual learning", "cross-lingual transfer", "low-resource languages", "code review",
        "software testing", "vulnerability detection", "malware detection", "graph transformers",
        "knowledge graphs", "link prediction", "hyperparameter tuning", "Bayesian optimization",
        "Gaussian processes", "variational inference", "normalizing flows", "energy-based models",
        "flow matching", "consistency models", "autoregressive image generation", "byte-level models",
        "recurrent networks", "spiking neural networks", "neuromorphic computing", "quantum machine learning",
        "active learning", "label noise", "weak supervision", "data augmentation", "model compression",
        "membership inference", "backdoor attacks", "out-of-distribution detection", "calibration",
        "test-time adaptation", "meta-learning", "hypernetworks", "positional encodings", "linear attention",
    ];

    static readonly string[] Modifiers =
    [
        "efficient", "scalable", "robust", "multilingual", "benchmark", "survey", "theory", "video", "medical",
        "privacy", "evaluation", "agents", "3D", "streaming", "sparse", "interpretable", "hardware", "safety",
        "reasoning", "compression",
    ];

    static readonly string[] Adjectives =
    [
        "Scalable", "Efficient", "Robust", "Unified", "Adaptive", "Provable", "Simple", "Fast", "Generalizable",
        "Sparse", "Hierarchical", "Self-Improving", "Training-Free", "Data-Efficient", "Calibrated", "Faithful",
    ];

    static readonly string[] Problems =
    [
        "existing methods degrade sharply under distribution shift",
        "their cost grows quadratically with the input length",
        "they require large amounts of labelled data",
        "evaluation protocols differ widely across papers",
        "current approaches ignore the structure of the problem",
        "they remain brittle on long-tail inputs",
        "training is unstable at scale",
        "inference latency limits deployment on commodity hardware",
    ];

    static readonly string[] Findings =
    [
        "gains are largest in the low-data regime",
        "most of the improvement comes from better data rather than model size",
        "the learned representations transfer across tasks",
        "simple baselines are stronger than previously reported",
        "performance scales log-linearly with compute",
        "errors concentrate on a small set of hard examples",
    ];

    static readonly string[] FirstNames =
    [
        "Mei", "Jonas", "Ana María", "Wei", "Priya", "Lukas", "Sofía", "Hiroshi", "Amara", "Olivier", "Zoë", "Mateo",
        "Yuki", "Fatima", "Dmitri", "Chen", "Aisha", "Lars", "Nguyen", "Isabella", "Kwame", "Elif", "Rafael",
        "Ingrid", "Tomás", "Anjali", "Björn", "Leila", "Santiago", "Hana",
    ];

    static readonly string[] LastNames =
    [
        "Lin", "Berg", "Ruiz-Gómez", "Zhang", "Sharma", "Müller", "García", "Tanaka", "Okafor", "Dubois", "Kowalski",
        "Rossi", "Sato", "Haddad", "Ivanov", "Wang", "Rahman", "Johansson", "Tran", "Silva", "Mensah", "Yılmaz",
        "Costa", "Larsen", "Novák", "Patel", "Lindqvist", "Karimi", "Herrera", "Kim", "Nakamura", "O'Brien",
        "Schmidt", "Fernández", "Chowdhury", "Andersen", "Moreau", "Popescu", "Li", "Singh",
    ];

    public static readonly string[] Categories =
    [
        "cs.LG", "cs.CL", "cs.CV", "cs.AI", "stat.ML", "cs.RO", "cs.IR", "cs.SD", "eess.AS", "q-bio.BM", "cs.CR",
        "cs.NE",
    ];

    readonly Random random = new(seed);

    public static string Author(int index) =>
        $"{FirstNames[index % FirstNames.Length]} {LastNames[index / FirstNames.Length % LastNames.Length]}";

    public static int AuthorCount => FirstNames.Length * LastNames.Length;

    /// <summary>A paper: a title and an abstract of about 1,100 characters from the concept list, 3–12 authors.</summary>
    public PaperRecord Paper(int number, DateTimeOffset published)
    {
        var concepts = Pick(Concepts, random.Next(5, 9));
        var name = ModelName();
        var title = random.Next(3) switch
        {
            0 => $"{name}: {Pick(Adjectives)} {Capitalize(concepts[0])} for {Capitalize(concepts[1])}",
            1 => $"{Pick(Adjectives)} {Capitalize(concepts[0])} with {Capitalize(concepts[1])}",
            _ => $"{name}: Rethinking {Capitalize(concepts[0])} in the Era of {Capitalize(concepts[1])}",
        };
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{Capitalize(concepts[0])} has recently shown strong results, but {Pick(Problems)}. ")
            .Append(CultureInfo.InvariantCulture, $"We introduce {name}, a {Pick(Adjectives).ToLowerInvariant()} approach to {concepts[1]} that combines {concepts[2]} with {concepts[3]}. ")
            .Append(CultureInfo.InvariantCulture, $"Unlike prior work on {concepts[4]}, {name} needs no additional supervision and adds less than {random.Next(2, 15)}% overhead at inference time. ")
            .Append(CultureInfo.InvariantCulture, $"Experiments on {random.Next(3, 12)} benchmarks show that {name} improves accuracy by {random.Next(2, 30)}.{random.Next(10)} points over strong baselines while reducing memory by {random.Next(2, 8)}x. ")
            .Append(CultureInfo.InvariantCulture, $"We further analyze {concepts[^1]} and find that {Pick(Findings)}. ")
            .Append(CultureInfo.InvariantCulture, $"Ablations on {Pick(Modifiers)} settings confirm that each component matters, and {Pick(Findings)}. ")
            .Append("Code, models and data are released.");
        var authors = Enumerable.Range(0, random.Next(3, 13)).Select(_ => Author(random.Next(AuthorCount))).Distinct().ToList();
        return new PaperRecord
        {
            ArxivId = string.Create(CultureInfo.InvariantCulture, $"2511.{number:D5}"),
            Title = title,
            Abstract = text.ToString(),
            Authors = authors,
            Categories = Pick(Categories, random.Next(1, 3)),
            PublishedAt = published,
            Upvotes = (int)Math.Floor(Math.Exp(random.NextDouble() * 5.5)) - 1,
            NumComments = random.Next(6),
            GithubRepo = random.Next(2) == 0 ? $"https://github.com/example-lab/{name.ToLowerInvariant()}" : null,
            GithubStars = random.Next(500),
            ProjectPage = random.Next(4) == 0 ? $"https://{name.ToLowerInvariant()}.example.org" : null,
            AiSummary = $"{name} combines {concepts[2]} with {concepts[3]} to improve {concepts[1]}.",
            AiKeywords = concepts.Take(4).ToList(),
        };
    }

    /// <summary>
    /// Distinct topics (distinct by the planner's key) in the topic language, each checked with
    /// <see cref="TopicParser"/>: plain concepts, quoted phrases, concepts with a modifier or an exclusion,
    /// authors and categories.
    /// </summary>
    public List<string> Topics(int count)
    {
        var topics = new List<string>(count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var attempts = 0;
        while (topics.Count < count)
        {
            if (++attempts > count * 100)
            {
                throw new InvalidOperationException($"Could not make {count} distinct topics.");
            }

            var concept = Pick(Concepts);
            var text = random.Next(20) switch
            {
                < 5 => concept,
                < 8 => $"\"{concept}\"",
                < 13 => $"{concept} {Pick(Modifiers)}",
                < 15 => $"{concept} -{Pick(Modifiers)}",
                < 19 => $"author:\"{Author(random.Next(AuthorCount))}\"",
                _ => random.Next(2) == 0 ? $"cat:{Pick(Categories)}" : $"{concept} cat:{Pick(Categories)}",
            };
            var parsed = TopicParser.Parse(text);
            if (parsed.Topic is null)
            {
                throw new InvalidOperationException($"Generated topic '{text}' does not parse: {parsed.Error}");
            }

            if (keys.Add(parsed.Topic.Key))
            {
                topics.Add(parsed.Topic.Text);
            }
        }

        return topics;
    }

    /// <summary>Picks <paramref name="count"/> different topic indexes with a Zipf-like popularity (s = 0.9).</summary>
    public sealed class Popularity
    {
        readonly double[] cumulative;
        readonly Random random;

        public Popularity(int size, Random random)
        {
            this.random = random;
            cumulative = new double[size];
            var sum = 0.0;
            for (var i = 0; i < size; i++)
            {
                sum += 1.0 / Math.Pow(i + 1, 0.9);
                cumulative[i] = sum;
            }
        }

        public int Next()
        {
            var target = random.NextDouble() * cumulative[^1];
            var index = Array.BinarySearch(cumulative, target);
            return index >= 0 ? index : Math.Min(~index, cumulative.Length - 1);
        }
    }

    public Random Random => random;

    string ModelName()
    {
        const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var stems = new[] { "Drift", "Flux", "Nova", "Echo", "Prism", "Atlas", "Helix", "Orbit", "Vega", "Lumen", "Quill", "Tessel" };
        return Pick(stems) + Letters[random.Next(Letters.Length)] + Letters[random.Next(Letters.Length)];
    }

    T Pick<T>(T[] items) => items[random.Next(items.Length)];

    List<T> Pick<T>(T[] items, int count) => items.OrderBy(_ => random.Next()).Take(count).ToList();

    static string Capitalize(string text) =>
        string.Join(' ', text.Split(' ').Select(w => w.Length > 0 && char.IsLower(w[0]) ? char.ToUpperInvariant(w[0]) + w[1..] : w));
}
