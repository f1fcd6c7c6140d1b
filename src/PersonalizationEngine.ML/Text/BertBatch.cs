using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace PersonalizationEngine.ML.Text;

/// <summary>
/// A batch of texts as a BERT-family ONNX model takes them: WordPiece ids ([CLS] and [SEP] included, cut to
/// a maximum) padded to the batch's longest text, with the attention mask, as ONNX Runtime values for the
/// inputs the model names (input_ids, attention_mask, token_type_ids: one segment). Dispose after the run.
/// </summary>
public sealed class BertBatch : IDisposable
{
    public static readonly IReadOnlySet<string> KnownInputs = new HashSet<string> { "input_ids", "attention_mask", "token_type_ids" };

    private BertBatch(int rows, int length, long[] mask, OrtValue[] values)
    {
        Rows = rows;
        Length = length;
        Mask = mask;
        Values = values;
    }

    public int Rows { get; }

    /// <summary>Tokens per row after padding.</summary>
    public int Length { get; }

    /// <summary>1 for a real token, 0 for padding, row after row.</summary>
    public long[] Mask { get; }

    /// <summary>One value per input name given to <see cref="Of"/>, in that order.</summary>
    public OrtValue[] Values { get; }

    public static BertBatch Of(IReadOnlyList<string> texts, BertTokenizer tokenizer, int maxTokens, IReadOnlyList<string> inputs)
    {
        var ids = texts.Select(t => tokenizer.EncodeToIds(t, maxTokens, addSpecialTokens: true, out _, out _)).ToArray();
        var length = Math.Max(1, ids.Max(t => t.Count));
        var tokens = new long[texts.Count * length];
        var mask = new long[texts.Count * length];
        Array.Fill(tokens, tokenizer.PaddingTokenId);
        for (var row = 0; row < ids.Length; row++)
        {
            for (var j = 0; j < ids[row].Count; j++)
            {
                tokens[row * length + j] = ids[row][j];
                mask[row * length + j] = 1;
            }
        }
        long[] shape = [texts.Count, length];
        var values = inputs.Select(name => OrtValue.CreateTensorValueFromMemory(name switch
        {
            "input_ids" => tokens,
            "attention_mask" => mask,
            _ => new long[tokens.Length], // token_type_ids: one segment
        }, shape)).ToArray();
        return new BertBatch(texts.Count, length, mask, values);
    }

    /// <summary>Checks that the model takes int64 BERT inputs, input_ids among them; the reason it cannot otherwise.</summary>
    public static void RequireInputs(InferenceSession session, string purpose)
    {
        foreach (var (name, input) in session.InputMetadata)
        {
            if (!KnownInputs.Contains(name)) throw new InvalidDataException($"the ONNX model has an input '{name}'; {purpose} takes input_ids, attention_mask and token_type_ids");
            if (input.ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64) throw new InvalidDataException($"the ONNX model's input '{name}' is {input.ElementDataType}; int64 is expected");
        }
        if (!session.InputMetadata.ContainsKey("input_ids")) throw new InvalidDataException("the ONNX model has no input_ids input");
    }

    public void Dispose()
    {
        foreach (var value in Values) value.Dispose();
    }
}
