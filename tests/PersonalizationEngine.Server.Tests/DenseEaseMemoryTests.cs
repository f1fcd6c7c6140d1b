using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.Training;

namespace PersonalizationEngine.Server.Tests;

/// <summary>Which EASE a recommendation run fits: dense only where its Gram matrix fits the memory limit beside what the engine holds.</summary>
public sealed class DenseEaseMemoryTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void Twenty_thousand_products_are_dense_beside_900_MiB_and_sparse_beside_1400_within_2_GiB()
    {
        var options = new TrainingOptions { EaseMemoryLimitMiB = 2_048 };

        // The Gram triangle of 20,000 products: 79 blocks of 256 a side, 3,160 blocks stored, 790 MiB.
        Assert.True(RecommendationTraining.DenseEaseFits(20_000, options, 900 * MiB));
        Assert.False(RecommendationTraining.DenseEaseFits(20_000, options, 1_400 * MiB));
        Assert.True(RecommendationTraining.DenseEaseFits(5_000, options, 1_400 * MiB));
    }

    [Fact]
    public void No_limit_leaves_the_choice_to_the_catalog_size()
    {
        var options = new TrainingOptions { EaseMemoryLimitMiB = 0, EaseMaxProducts = 10_000 };

        Assert.True(RecommendationTraining.DenseEaseFits(10_000, options, 100_000 * MiB));
        Assert.False(RecommendationTraining.DenseEaseFits(10_001, options, 0));
    }
}
