namespace PersonalizationEngine.ML.Synthetic;

/// <summary>Draws an index with probability proportional to its weight (prefix sums and binary search).</summary>
internal sealed class CumulativeWeights
{
    private readonly double[] _prefix;

    public CumulativeWeights(IReadOnlyList<double> weights)
    {
        _prefix = new double[weights.Count];
        var sum = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            sum += weights[i];
            _prefix[i] = sum;
        }
    }

    public int Sample(Random random)
    {
        var target = random.NextDouble() * _prefix[^1];
        var index = Array.BinarySearch(_prefix, target);
        return Math.Min(index >= 0 ? index : ~index, _prefix.Length - 1);
    }
}
