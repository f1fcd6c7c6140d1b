using System.Numerics.Tensors;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Propensity;

/// <summary>The customer–product embedding score: the customer folded into the item factors, dotted with the product's factor.</summary>
public sealed class TasteScorer(ItemFactorSnapshot snapshot)
{
    /// <summary>Scores for <paramref name="productIds"/>, in order; 0 for a product the model does not know.</summary>
    public float[] Score(CustomerActivity customer, IReadOnlyList<string> productIds)
    {
        var scores = new float[productIds.Count];
        if (customer.Products.Count == 0) return scores;
        var vector = snapshot.FoldIn(customer.WeightedProducts());
        for (var i = 0; i < productIds.Count; i++)
        {
            if (snapshot.TryGetIndex(productIds[i], out var index))
                scores[i] = TensorPrimitives.Dot(vector, snapshot.ItemFactors.AsSpan(index * snapshot.Factors, snapshot.Factors));
        }
        return scores;
    }
}
