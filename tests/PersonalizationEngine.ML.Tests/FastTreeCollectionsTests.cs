using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace PersonalizationEngine.ML.Tests;

public sealed class FastTreeCollectionsTests
{
    [Fact]
    public void The_boosted_tree_trainers_of_this_ML_NET_force_collections_until_turned_off()
    {
        var ml = new MLContext(1);
        object[] trainers =
        [
            ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options()),
            ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options()),
        ];
        foreach (var trainer in trainers)
        {
            // An ML.NET that renames the switch fails here instead of pausing the engine's requests again.
            Assert.True(FastTreeCollections.AreForced(trainer));
            Assert.True(FastTreeCollections.Off(trainer));
            Assert.False(FastTreeCollections.AreForced(trainer));
        }
    }

    [Fact]
    public void Other_objects_have_no_switch()
    {
        Assert.False(FastTreeCollections.Off(new object()));
        Assert.False(FastTreeCollections.AreForced("a trainer it is not"));
    }
}
