using System.ComponentModel.DataAnnotations;
using PersonalizationEngine.ML.Text;

namespace PersonalizationEngine.Serving;

/// <summary>The pretrained sentence encoder the engine's text models may read (section "Engine:Text").</summary>
public sealed class TextServingOptions : IValidatableObject
{
    public const string Section = "Engine:Text";
    public const string None = "none";

    /// <summary>
    /// "minilm" (all-MiniLM-L6-v2, shipped in a NuGet package), "none", or the path of another sentence-transformer's
    /// .onnx file (with <see cref="VocabularyPath"/>).
    /// </summary>
    public string Encoder { get; set; } = TextEncoder.MiniLm;

    /// <summary>The WordPiece vocab.txt of an encoder given by path.</summary>
    public string? VocabularyPath { get; set; }

    /// <summary>
    /// Threads of one encoding: 1 runs it on the calling thread only, so training stays within its training threads
    /// and a request within its own (about 400 short texts per second per thread).
    /// </summary>
    [Range(1, 64)]
    public int Threads { get; set; } = 1;

    /// <summary>The encoder, opened once on first use; null when it is off.</summary>
    public TextEncoder? Open() => Encoder == None ? null : TextEncoders.Shared(Encoder, VocabularyPath);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Encoder is TextEncoder.MiniLm or None) yield break;
        if (!File.Exists(Encoder)) yield return new ValidationResult($"Encoder: '{Encoder}' is not minilm, none or an .onnx file", [nameof(Encoder)]);
        if (string.IsNullOrEmpty(VocabularyPath) || !File.Exists(VocabularyPath))
            yield return new ValidationResult("VocabularyPath: an encoder given by path needs its vocab.txt", [nameof(VocabularyPath)]);
    }
}
