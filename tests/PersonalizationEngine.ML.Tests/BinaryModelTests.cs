using PersonalizationEngine.ML.Propensity;

namespace PersonalizationEngine.ML.Tests;

public sealed class BinaryModelTests
{
    private static List<LabeledRow> Rows(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var features = Enumerable.Range(0, 6).Select(_ => (float)(random.NextDouble() * 10)).ToArray();
            return new LabeledRow("c", features, features[0] - features[1] + random.NextDouble() * 6 > 3);
        }).ToList();
    }

    [Fact]
    public void Compiled_trees_predict_what_ML_NET_predicts_also_after_saving_and_loading()
    {
        var model = BinaryModel.TrainBoostedTrees(Rows(4_000, 1), new BoostedTreeOptions { Trees = 40, Leaves = 8, MinExamplesPerLeaf = 20, Threads = 1 });
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = BinaryModel.Load(stream);
        var test = Rows(300, 2);

        var reference = model.PredictAll(test);

        Assert.True(model.IsCompiled && loaded.IsCompiled);
        for (var i = 0; i < test.Count; i++)
        {
            Assert.Equal(reference[i], model.Predict(test[i].Features), 5);
            Assert.Equal(reference[i], loaded.Predict(test[i].Features), 5);
        }
        Assert.True(reference.Max() - reference.Min() > 0.5, "the model should separate the rows");
    }

    [Fact]
    public void The_logistic_baseline_keeps_ML_NET_prediction_engines()
    {
        var model = BinaryModel.TrainLogistic(Rows(1_000, 3), seed: 1);
        var test = Rows(50, 4);

        var reference = model.PredictAll(test);

        Assert.False(model.IsCompiled);
        for (var i = 0; i < test.Count; i++) Assert.Equal(reference[i], model.Predict(test[i].Features), 5);
    }
}
