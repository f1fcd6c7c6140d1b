namespace PersonalizationEngine.ML.Text;

/// <summary>How the sentence encoder runs.</summary>
public sealed record TextEncoderOptions
{
    /// <summary>Tokens per text, [CLS] and [SEP] included; longer texts are cut (MiniLM was trained on up to 256).</summary>
    public int MaxTokens { get; init; } = 128;

    /// <summary>Texts per ONNX Runtime call.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>"CPU", or "CUDA" where the engine is built with the Microsoft.ML.OnnxRuntime.Gpu package.</summary>
    public string ExecutionProvider { get; init; } = "CPU";

    /// <summary>Threads of one inference (null: ONNX Runtime's default, every core).</summary>
    public int? Threads { get; init; }

    public void Validate()
    {
        if (MaxTokens is < 3 or > 512) throw new ArgumentOutOfRangeException(nameof(MaxTokens), MaxTokens, "must be between 3 and 512");
        if (BatchSize is < 1 or > 4096) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be between 1 and 4096");
        if (ExecutionProvider is not ("CPU" or "CUDA")) throw new ArgumentOutOfRangeException(nameof(ExecutionProvider), ExecutionProvider, "must be CPU or CUDA");
        if (Threads is < 1) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must be positive");
    }
}
