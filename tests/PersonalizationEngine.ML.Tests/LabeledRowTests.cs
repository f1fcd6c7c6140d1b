using PersonalizationEngine.ML.Propensity;

namespace PersonalizationEngine.ML.Tests;

public class LabeledRowTests
{
    [Fact]
    public void A_row_with_a_shared_part_reads_as_the_shared_features_then_its_own()
    {
        float[] customer = [1, 2, 3];
        var first = new LabeledRow("c", [4, 5], Label: true, Shared: customer);
        var second = new LabeledRow("c", [6, 7], Label: false, Shared: customer);

        Assert.Equal(5, first.FeatureCount);
        Assert.Equal([1f, 2, 3, 4, 5], first.AllFeatures());
        Assert.Equal([1f, 2, 3, 6, 7], second.AllFeatures());
        Assert.Equal([3f, 4, 7], new[] { first.FeatureAt(2), first.FeatureAt(3), second.FeatureAt(4) });
        Assert.Same(first.Shared, second.Shared);

        var whole = new LabeledRow("c", [8, 9], Label: true);
        Assert.Same(whole.Features, whole.AllFeatures());
        Assert.Equal(9f, whole.FeatureAt(1));
    }
}
