using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;
using PersonalizationEngine.ML.Text;

namespace PersonalizationEngine.ML.Sentiment.Onnx;

/// <summary>
/// A transformer sentiment classifier (a BERT-family model exported to ONNX, e.g. DistilBERT fine-tuned
/// on SST-2) run by ONNX Runtime: texts are split into WordPiece ids by Microsoft.ML.Tokenizers'
/// BertTokenizer with the model's own vocabulary, padded per batch, and fed as input_ids, attention_mask
/// and (where the model has it) token_type_ids. The first output is read as logits: two per text
/// (softmax, the second is positive) or one (sigmoid). One InferenceSession per model, shared by all
/// threads (its Run is thread-safe).
/// </summary>
public sealed class OnnxSentimentModel : ISentimentClassifier, IDisposable
{
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly OnnxSentimentOptions _options;
    private readonly string[] _inputs;
    private readonly string _output;

    private OnnxSentimentModel(InferenceSession session, BertTokenizer tokenizer, OnnxSentimentOptions options)
    {
        _session = session;
        _tokenizer = tokenizer;
        _options = options;
        _inputs = session.InputMetadata.Keys.ToArray();
        _output = session.OutputMetadata.Keys.First();
        BertBatch.RequireInputs(session, "a sentiment model");
    }

    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="vocabularyPath">The model's WordPiece vocab.txt.</param>
    public static OnnxSentimentModel Open(string modelPath, string vocabularyPath, OnnxSentimentOptions options)
    {
        options.Validate();
        var tokenizer = BertTokenizer.Create(vocabularyPath, new BertOptions { LowerCaseBeforeTokenization = options.LowerCase });
        using var sessionOptions = OnnxSessions.For(options.ExecutionProvider);
        var session = new InferenceSession(modelPath, sessionOptions);
        try
        {
            return new OnnxSentimentModel(session, tokenizer, options);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public SentimentPrediction Predict(string text) => PredictAll([text])[0];

    public SentimentPrediction[] PredictAll(IReadOnlyList<string> texts)
    {
        var predictions = new SentimentPrediction[texts.Count];
        for (var start = 0; start < texts.Count; start += _options.BatchSize)
        {
            var count = Math.Min(_options.BatchSize, texts.Count - start);
            var positive = PositiveProbabilities(texts.Skip(start).Take(count).ToArray());
            for (var i = 0; i < count; i++) predictions[start + i] = SentimentPrediction.From(positive[i], _options.NeutralBand);
        }
        return predictions;
    }

    /// <summary>The WordPiece ids the model sees for a text, [CLS] and [SEP] included, cut to MaxTokens.</summary>
    public IReadOnlyList<int> Tokenize(string text) =>
        _tokenizer.EncodeToIds(text, _options.MaxTokens, addSpecialTokens: true, out _, out _);

    public void Dispose() => _session.Dispose();

    private double[] PositiveProbabilities(string[] texts)
    {
        using var batch = BertBatch.Of(texts, _tokenizer, _options.MaxTokens, _inputs);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _inputs, batch.Values, [_output]);
        return ToPositiveProbabilities(outputs[0], texts.Length);
    }

    private static double[] ToPositiveProbabilities(OrtValue logits, int rows)
    {
        var classes = logits.GetTensorTypeAndShape().Shape[^1];
        var data = logits.GetTensorDataAsSpan<float>();
        if (data.Length != rows * classes || classes is not (1 or 2))
            throw new InvalidDataException($"the ONNX model's output has {classes} values per text; a sentiment model gives 2 logits (negative, positive) or 1");
        var probabilities = new double[rows];
        for (var row = 0; row < rows; row++)
        {
            // Softmax of two logits is the sigmoid of their difference.
            var margin = classes == 2 ? data[row * 2 + 1] - data[row * 2] : data[row];
            probabilities[row] = 1 / (1 + Math.Exp(-margin));
        }
        return probabilities;
    }

}
