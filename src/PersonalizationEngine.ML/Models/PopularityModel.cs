using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Models;

/// <summary>The same list for everyone: items by how many users interacted with them (the usual baseline).</summary>
public sealed class PopularityModel : IRankingModel
{
    private float[] _counts = [];

    public string Name => "popularity";

    public void Fit(InteractionMatrix train, IProgress<double>? progress = null)
    {
        _counts = new float[train.ItemCount];
        for (var item = 0; item < train.ItemCount; item++) _counts[item] = train.ByItem.CountOf(item);
        progress?.Report(1);
    }

    public void Score(int user, Span<float> scores) => _counts.CopyTo(scores);
}
