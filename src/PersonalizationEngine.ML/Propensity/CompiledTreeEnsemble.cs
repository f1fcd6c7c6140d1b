using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace PersonalizationEngine.ML.Propensity;

/// <summary>
/// A trained FastTree ensemble and its Platt calibrator copied into flat arrays, so one prediction is a
/// walk down each tree and a sigmoid: no ML.NET row mapping, no pooled engine, no allocation. Serving
/// scores a hundred products per call this way. Built only for what ML.NET's FastTree binary trainer
/// produces with numeric splits; anything else (e.g. categorical splits) gets null and the caller keeps
/// ML.NET's prediction engine.
/// </summary>
internal sealed class CompiledTreeEnsemble
{
    private readonly Tree[] _trees;
    private readonly double _bias;
    private readonly double _slope;
    private readonly double _offset;

    private CompiledTreeEnsemble(Tree[] trees, double bias, double slope, double offset)
    {
        _trees = trees;
        _bias = bias;
        _slope = slope;
        _offset = offset;
    }

    public static CompiledTreeEnsemble? From(ITransformer transformer)
    {
        if (transformer is not BinaryPredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> { Model: var model })
            return null;
        var ensemble = model.SubModel.TrainedTreeEnsemble;
        if (ensemble.Trees.Any(t => t.CategoricalSplitFlags.Any(flag => flag))) return null;
        var trees = ensemble.Trees.Select((t, i) => new Tree(
            t.NumericalSplitFeatureIndexes.ToArray(), t.NumericalSplitThresholds.ToArray(), t.LeftChild.ToArray(), t.RightChild.ToArray(),
            t.LeafValues.ToArray(), ensemble.TreeWeights[i])).ToArray();
        return new CompiledTreeEnsemble(trees, ensemble.Bias, model.Calibrator.Slope, model.Calibrator.Offset);
    }

    public double Probability(ReadOnlySpan<float> features)
    {
        var score = _bias;
        foreach (var tree in _trees) score += tree.Output(features);
        // ML.NET's Platt calibration: 1 / (1 + exp(slope · score + offset)), the slope negative.
        return (float)(1 / (1 + Math.Exp(_slope * score + _offset)));
    }

    private sealed record Tree(int[] Feature, float[] Threshold, int[] Left, int[] Right, double[] Leaves, double Weight)
    {
        public double Output(ReadOnlySpan<float> features)
        {
            // A tree without splits is a single leaf; otherwise walk until a child index is a leaf (~leaf < 0).
            var node = Feature.Length == 0 ? ~0 : 0;
            while (node >= 0) node = features[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
            return Weight * Leaves[~node];
        }
    }
}
