using System.Text.Json.Nodes;

namespace DigestMailer.BrowserTests.Infrastructure;

/// <summary>The day of papers the screenshots show, in the Hugging Face daily_papers shape (built with <see cref="PaperBuilder"/>).</summary>
public static class SamplePapers
{
    public static JsonObject Paper(string id, string title, string summary, int upvotes = 0, string[]? authors = null, string? github = null, string? projectPage = null) =>
        PaperBuilder.Titled(title).WithId(id).WithAbstract(summary).WithUpvotes(upvotes)
            .WithAuthors(authors ?? ["Ada Author"]).WithLinks(github, projectPage).ToJson();

    /// <summary>The topics of the subscriber whose digest the screenshots show.</summary>
    public static readonly string[] ScreenshotTopics = ["diffusion models", "\"low-bit quantization\"", "author:\"Mei Lin\""];

    /// <summary>A day's papers, made up but shaped like real ones, that match <see cref="ScreenshotTopics"/> in several ways.</summary>
    public static JsonObject[] ScreenshotDay() =>
    [
        Paper(
            "2511.20101",
            "Consistency Distillation Makes Diffusion Models Sample in Two Steps",
            "Diffusion models produce images of high quality but need dozens of network evaluations per sample. We distil a pretrained model into a consistency model that needs two steps, keeping FID within 0.3 of the teacher on ImageNet 256. The method needs no extra data and trains in a day on eight GPUs.",
            upvotes: 212,
            authors: ["Hannah Okafor", "Lukas Weber", "Priya Raman", "Tomás Alvarez", "Yuki Sato", "Grace Kim", "Omar Haddad"],
            github: "https://github.com/example/two-step-consistency"),
        Paper(
            "2511.20102",
            "Low-Bit Quantization of Large Language Models Without Calibration Data",
            "Post-training low-bit quantization usually needs calibration samples drawn from the training distribution. We show that weights alone suffice: a Hessian estimate from the weight matrices brings 3-bit Llama models within 0.4 perplexity of 16-bit, with no data and in minutes on one GPU.",
            upvotes: 87,
            authors: ["Elena Petrova", "Marco Rossi", "Wen Zhao", "Sara Lindqvist"],
            github: "https://github.com/example/dataless-quant",
            projectPage: "https://example.org/dataless-quant"),
        Paper(
            "2511.20103",
            "Mixed-Precision Low-Bit Quantization for Diffusion Models on Phones",
            "We bring text-to-image diffusion models to phones with low-bit quantization: 4-bit weights and 8-bit activations, chosen per layer by a sensitivity search. A 512 by 512 image takes 1.9 seconds on a recent phone, with quality close to the 16-bit model in a user study.",
            upvotes: 41,
            authors: ["Jun Park", "Aisha Bello", "Felix Braun"]),
        Paper(
            "2511.20104",
            "DriftBench: Evaluating Retrieval-Augmented Generation Under Temporal Drift",
            "Retrieval-augmented generation systems are evaluated on frozen snapshots, yet the documents they retrieve change every day. DriftBench pairs 12,000 questions with dated corpus versions and measures how answers decay as the index ages.",
            upvotes: 143,
            authors: ["Mei Lin", "Jonas Ø. Berg", "Ana María Ruiz-Gómez"]),
        Paper(
            "2511.20105",
            "Video Diffusion Models as World Simulators for Robot Planning",
            "A video diffusion model trained on robot episodes predicts what an action will do; a planner searches over its predictions. On three manipulation suites the approach beats model-free baselines with a tenth of the real-world data.",
            upvotes: 64,
            authors: ["Carlos Mendes", "Ingrid Solberg", "Ravi Patel"]),
        Paper(
            "2511.20106",
            "Citation Graphs Predict Which Benchmarks Will Saturate",
            "We study 310 machine learning benchmarks and find that the shape of their citation graph in the first year predicts how soon the best score stops improving.",
            upvotes: 12,
            authors: ["Mei Lin", "David Osei"]),
    ];
}
