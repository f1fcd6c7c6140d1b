using System.Numerics.Tensors;
using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// A weighted sum of other models' scores, each standardized per user (zero mean, unit deviation over
/// the catalog) so that models with different score scales mix by weight alone.
/// </summary>
public sealed class BlendModel(string name, IReadOnlyList<(IRankingModel Model, float Weight)> parts) : IRankingModel
{
    public string Name => name;

    public void Fit(InteractionMatrix train, IProgress<double>? progress = null)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            var done = i;
            parts[i].Model.Fit(train, progress is null ? null : new Progress<double>(f => progress.Report((done + f) / parts.Count)));
        }
    }

    public void Score(int user, Span<float> scores)
    {
        scores.Clear();
        var part = new float[scores.Length];
        foreach (var (model, weight) in parts)
        {
            model.Score(user, part);
            var mean = TensorPrimitives.Sum(part) / part.Length;
            TensorPrimitives.Subtract(part, mean, part);
            var deviation = MathF.Sqrt(TensorPrimitives.SumOfSquares(part) / part.Length);
            if (deviation > 0) TensorPrimitives.MultiplyAdd(part, weight / deviation, scores, scores);
        }
    }
}
