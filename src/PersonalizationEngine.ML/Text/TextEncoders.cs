using System.Collections.Concurrent;

namespace PersonalizationEngine.ML.Text;

/// <summary>
/// The process's sentence encoders, each opened once on first use and shared (a session holds the whole model):
/// "minilm" for the packaged one, or the path of another model's .onnx file with its vocabulary. A model trained
/// on an encoder's embeddings names it, so a saved model finds the same encoder when it is loaded.
/// </summary>
public static class TextEncoders
{
    private static readonly ConcurrentDictionary<string, Lazy<TextEncoder>> Opened = new(StringComparer.Ordinal);

    /// <summary>
    /// How the encoders this process opens run; set once at start-up, before the first is opened (the engine runs
    /// each inference on its caller's thread, so a training or a request uses the threads it was given).
    /// </summary>
    public static TextEncoderOptions Options { get; set; } = new();

    /// <param name="name"><see cref="TextEncoder.MiniLm"/> or a model path.</param>
    /// <param name="vocabularyPath">The vocabulary of a model given by path; ignored for "minilm".</param>
    public static TextEncoder Shared(string name, string? vocabularyPath = null) =>
        Opened.GetOrAdd(name == TextEncoder.MiniLm ? name : $"{name}|{vocabularyPath}", _ => new Lazy<TextEncoder>(() => name == TextEncoder.MiniLm
            ? TextEncoder.OpenMiniLm(Options)
            : TextEncoder.Open(name, vocabularyPath ?? throw new ArgumentException($"the encoder {name} needs its vocabulary", nameof(vocabularyPath)), Options))).Value;
}
