using Google.Protobuf;
using PersonalizationEngine.Testing.Onnx.Format;

namespace PersonalizationEngine.Testing.Onnx;

/// <summary>
/// A bag-of-tokens sentiment "transformer" small enough to write by hand: each WordPiece token has a
/// (negative, positive) logit pair, and a text's logits are the sum over its unmasked tokens. Written as
/// a real ONNX graph (Gather → mask → ReduceSum) with a BERT vocabulary, so the engine's ONNX path runs
/// it exactly as it would run DistilBERT; <see cref="ReferenceLogits"/> computes the same thing in C#.
/// </summary>
public sealed class TinySentimentOnnx : IDisposable
{
    public static readonly string[] Vocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "movie", "was", "is", "a", "good", "great", "love", "fun",
        "bad", "awful", "boring", "hate", "not", "very", "##s", "##ly", ".", "!", ",",
    ];

    private static readonly Dictionary<string, (float Negative, float Positive)> Opinions = new()
    {
        ["good"] = (0, 2), ["great"] = (0, 3), ["love"] = (0, 2.5f), ["fun"] = (0, 1.5f), ["[CLS]"] = (0, 0.1f),
        ["bad"] = (2, 0), ["awful"] = (3, 0), ["boring"] = (1.5f, 0), ["hate"] = (2.5f, 0), ["not"] = (0.5f, 0), ["##ly"] = (0.2f, 0),
    };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"pe-onnx-{Guid.NewGuid():N}");

    public TinySentimentOnnx(bool withTokenTypes = true)
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllLines(VocabularyPath, Vocabulary);
        using var file = File.Create(ModelPath);
        BuildModel(withTokenTypes).WriteTo(file);
    }

    public string ModelPath => Path.Combine(_folder, "model.onnx");

    public string VocabularyPath => Path.Combine(_folder, "vocab.txt");

    /// <summary>The logits the graph must produce for these token ids.</summary>
    public static (double Negative, double Positive) ReferenceLogits(IEnumerable<int> tokenIds)
    {
        double negative = 0, positive = 0;
        foreach (var id in tokenIds)
        {
            var (n, p) = Opinions.GetValueOrDefault(Vocabulary[id]);
            negative += n;
            positive += p;
        }
        return (negative, positive);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ModelProto BuildModel(bool withTokenTypes)
    {
        var weights = new TensorProto { Name = "token_logits", DataType = (int)TensorProto.Types.DataType.Float, Dims = { Vocabulary.Length, 2 } };
        foreach (var token in Vocabulary)
        {
            var (negative, positive) = Opinions.GetValueOrDefault(token);
            weights.FloatData.Add([negative, positive]);
        }
        var graph = new GraphProto
        {
            Name = "tiny-sentiment",
            Initializer =
            {
                weights,
                Int64s("unsqueeze_axes", 2),
                Int64s("sum_axes", 1),
            },
            Node =
            {
                Node("Gather", ["token_logits", "input_ids"], "per_token", Int("axis", 0)),
                Node("Cast", ["attention_mask"], "mask", Int("to", (int)TensorProto.Types.DataType.Float)),
                Node("Unsqueeze", ["mask", "unsqueeze_axes"], "mask3"),
                Node("Mul", ["per_token", "mask3"], "masked"),
                Node("ReduceSum", ["masked", "sum_axes"], "logits", Int("keepdims", 0)),
            },
            Input = { TokenInput("input_ids"), TokenInput("attention_mask") },
            Output = { Tensor("logits", TensorProto.Types.DataType.Float, "batch", 2) },
        };
        if (withTokenTypes) graph.Input.Add(TokenInput("token_type_ids"));
        return new ModelProto
        {
            IrVersion = 8,
            ProducerName = "PersonalizationEngine tests",
            OpsetImport = { new OperatorSetIdProto { Domain = "", Version = 13 } },
            Graph = graph,
        };
    }

    private static ValueInfoProto TokenInput(string name) => Tensor(name, TensorProto.Types.DataType.Int64, "batch", "sequence");

    private static ValueInfoProto Tensor(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol } : new TensorShapeProto.Types.Dimension { DimValue = (int)dim });
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }

    private static TensorProto Int64s(string name, params long[] values) =>
        new() { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, Dims = { values.Length }, Int64Data = { values } };

    private static NodeProto Node(string op, string[] inputs, string output, params AttributeProto[] attributes) =>
        new() { OpType = op, Name = output, Input = { inputs }, Output = { output }, Attribute = { attributes } };

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };
}
