namespace PersonalizationEngine.ML.Sentiment.Onnx;

/// <summary>How a transformer sentiment model exported to ONNX is run.</summary>
public sealed record OnnxSentimentOptions
{
    /// <summary>Tokens per text, [CLS] and [SEP] included; longer texts are cut (BERT models take at most 512).</summary>
    public int MaxTokens { get; init; } = 128;

    /// <summary>Texts per ONNX Runtime call.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>"CPU", or "CUDA" where the engine is built with the Microsoft.ML.OnnxRuntime.Gpu package.</summary>
    public string ExecutionProvider { get; init; } = "CPU";

    /// <summary>Lower-case before WordPiece (true for "uncased" models).</summary>
    public bool LowerCase { get; init; } = true;

    /// <summary>Texts with P(positive) within this distance of 0.5 are labelled neutral.</summary>
    public double NeutralBand { get; init; } = 0.15;

    public void Validate()
    {
        if (MaxTokens is < 3 or > 4096) throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "must be between 3 and 4096");
        if (BatchSize is < 1 or > 4096) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be between 1 and 4096");
        if (ExecutionProvider is not ("CPU" or "CUDA")) throw new ArgumentOutOfRangeException(nameof(ExecutionProvider), ExecutionProvider, "must be CPU or CUDA");
        if (NeutralBand is < 0 or >= 0.5) throw new ArgumentOutOfRangeException(nameof(NeutralBand), NeutralBand, "must be in [0, 0.5)");
    }
}
