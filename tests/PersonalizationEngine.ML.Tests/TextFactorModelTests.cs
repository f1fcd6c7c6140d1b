using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Text;

namespace PersonalizationEngine.ML.Tests;

public sealed class TextFactorModelTests
{
    [Fact]
    public void A_new_product_takes_the_factors_of_the_known_products_whose_text_means_the_same()
    {
        // Two known products with opposite factors; the new one is about the first one's subject in other words.
        var encoder = TextEncoders.Shared(TextEncoder.MiniLm);
        var known = encoder.Encode(["Trail running shoes. Footwear", "Espresso coffee beans. Grocery"]);
        var model = new TextFactorModel([1, 0, 0, 1], factors: 2, known, neighbours: 1);

        var factor = model.FactorFor(encoder.Encode("Lightweight sneakers for jogging on mountain paths"))!;

        Assert.Equal([1f, 0f], factor);
        Assert.Null(new TextFactorModel([], 2, []).FactorFor(known[0]));
    }

    [Fact]
    public void Neighbours_are_weighted_by_their_similarity()
    {
        float[][] known = [[1, 0], [0.6f, 0.8f], [0, -1]];
        var model = new TextFactorModel([2, 0, 0, 2, 9, 9], factors: 2, known, neighbours: 3);

        var factor = model.FactorFor([1f, 0f])!;

        // Similarities 1 and 0.6; the third is dissimilar (negative) and left out.
        Assert.Equal(2 * 1 / 1.6f, factor[0], 5);
        Assert.Equal(2 * 0.6f / 1.6f, factor[1], 5);
    }
}
