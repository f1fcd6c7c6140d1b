using System.Numerics.Tensors;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// Cold start from what a product's text means: a product the factor model has not seen gets the mean factor of
/// the known products whose text embeddings (a sentence encoder's unit vectors of title, category and tags) are
/// nearest to its own, each weighted by its cosine similarity. Unlike shared tokens (<see cref="ContentFactorModel"/>),
/// "space opera" finds "science fiction" without a word in common.
/// </summary>
public sealed class TextFactorModel(float[] itemFactors, int factors, IReadOnlyList<float[]?> embeddings, int neighbours = TextFactorModel.DefaultNeighbours)
{
    public const int DefaultNeighbours = 20;

    /// <summary>The similarity-weighted mean factor of the nearest known products; null when none is known or similar.</summary>
    public float[]? FactorFor(ReadOnlySpan<float> embedding)
    {
        var nearest = new PriorityQueue<int, float>();
        for (var item = 0; item < embeddings.Count; item++)
        {
            if (embeddings[item] is not { } known) continue;
            var similarity = TensorPrimitives.Dot(embedding, known);
            if (similarity <= 0) continue;
            nearest.Enqueue(item, similarity);
            if (nearest.Count > neighbours) nearest.Dequeue(); // the least similar leaves
        }
        if (nearest.Count == 0) return null;
        var factor = new float[factors];
        var total = 0f;
        while (nearest.TryDequeue(out var item, out var similarity))
        {
            TensorPrimitives.MultiplyAdd(itemFactors.AsSpan(item * factors, factors), similarity, factor, factor);
            total += similarity;
        }
        TensorPrimitives.Divide(factor, total, factor);
        return factor;
    }

    /// <summary>The text a product is embedded from: its title, category and tags.</summary>
    public static string TextOf(string title, string category, IEnumerable<string> tags) =>
        string.Join(". ", new[] { title, category }.Concat(tags).Where(s => !string.IsNullOrWhiteSpace(s)));
}
