using System.ComponentModel.DataAnnotations;

namespace PersonalizationEngine.Serving;

/// <summary>
/// The sentiment model (section "Engine:Sentiment"): what the default model trains on and when, request
/// limits, and the optional transformer (an ONNX model file with its WordPiece vocabulary) that serves
/// instead of it.
/// </summary>
public sealed class SentimentServingOptions : ScheduledModelOptions, IValidatableObject
{
    public const string Section = "Engine:Sentiment";

    /// <summary>
    /// Labelled corpus files: UCI labelled sentences (text TAB 0|1) or SST-2 tsv (with header), optionally
    /// .gz. A relative path is under the data folder (the demo's generated corpus is demo/labelled-reviews.txt there).
    /// </summary>
    public List<string> CorpusPaths { get; set; } = [];

    /// <summary>Also train on the shop's review events that carry a rating: 4–5 stars positive, 1–2 negative.</summary>
    public bool UseShopReviews { get; set; } = true;

    /// <summary>One in this many labelled texts (stratified) is held out to validate a candidate model.</summary>
    [Range(2, 100)]
    public int HoldOutOneIn { get; set; } = 5;

    /// <summary>Texts whose P(positive) is within this distance of 0.5 are labelled neutral.</summary>
    [Range(0.0, 0.49)]
    public double NeutralBand { get; set; } = 0.15;

    /// <summary>Most texts one AnalyzeSentiment call may send.</summary>
    [Range(1, 100_000)]
    public int MaxTextsPerRequest { get; set; } = 1_000;

    /// <summary>A candidate whose held-out accuracy is more than this below the serving model's on the same texts is not published.</summary>
    [Range(0.0, 1.0)]
    public double AccuracyTolerance { get; set; } = 0.01;

    /// <summary>A transformer sentiment model exported to ONNX; when set (with its vocabulary) it serves instead of the trained model.</summary>
    public string? OnnxModelPath { get; set; }

    /// <summary>The ONNX model's WordPiece vocabulary (vocab.txt).</summary>
    public string? OnnxVocabularyPath { get; set; }

    /// <summary>"CPU", or "CUDA" with the Microsoft.ML.OnnxRuntime.Gpu build.</summary>
    [RegularExpression("^(CPU|CUDA)$", ErrorMessage = "OnnxExecutionProvider must be CPU or CUDA")]
    public string OnnxExecutionProvider { get; set; } = "CPU";

    [Range(3, 4096)]
    public int OnnxMaxTokens { get; set; } = 128;

    [Range(1, 4096)]
    public int OnnxBatchSize { get; set; } = 32;

    /// <summary>Lower-case before WordPiece ("uncased" models).</summary>
    public bool OnnxLowerCase { get; set; } = true;

    public bool UsesOnnx => !string.IsNullOrEmpty(OnnxModelPath);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(OnnxModelPath) != string.IsNullOrEmpty(OnnxVocabularyPath))
            yield return new ValidationResult("OnnxModelPath and OnnxVocabularyPath go together: set both or neither", [nameof(OnnxModelPath), nameof(OnnxVocabularyPath)]);
        foreach (var (path, name) in new[] { (OnnxModelPath, nameof(OnnxModelPath)), (OnnxVocabularyPath, nameof(OnnxVocabularyPath)) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path)) yield return new ValidationResult($"{name}: no file at '{Path.GetFullPath(path)}'", [name]);
        }
    }
}
