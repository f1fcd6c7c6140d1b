using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// The item-to-item model as it serves: each item's <see cref="ItemNeighbors"/>, learned by EASE: the
/// exact dense inverse up to <c>easeMaxItems</c> items, above that EASE over the top co-occurrence graph
/// (<see cref="SparseEase"/>). A user's score for an item is the sum of its neighbor weights from the
/// user's items, so evaluating this model measures exactly the sparse lists that serving uses, not the
/// full EASE matrix.
/// </summary>
public sealed class ItemToItemModel(int neighborsPerItem = ItemToItemModel.DefaultNeighbors, int easeMaxItems = ItemToItemModel.DefaultEaseMaxItems, double easeLambda = 400,
    int sparseSupport = ItemToItemModel.SparseEaseSupport) : IRankingModel
{
    /// <summary>Dense EASE up to its limit: 20,000 items take 0.8 GB while it trains (docs/benchmarks.md).</summary>
    public const int DefaultEaseMaxItems = EaseModel.MaxItems;
    public const int SparseEaseSupport = 128;
    public const int DefaultNeighbors = 50;

    private InteractionMatrix? _train;

    public string Name => "item2item";

    public ItemNeighbors? Neighbors { get; private set; }

    public void Fit(InteractionMatrix train, IProgress<double>? progress = null)
    {
        _train = train;
        Neighbors = train.ItemCount <= easeMaxItems ? FromEase(train, progress) : SparseEase.Fit(train, neighborsPerItem, easeLambda, sparseSupport, progress);
        progress?.Report(1);
    }

    public void Score(int user, Span<float> scores)
    {
        scores.Clear();
        foreach (var item in _train!.ByUser.ColumnsOf(user))
        {
            var weights = Neighbors!.WeightsOf(item);
            var items = Neighbors.ItemsOf(item);
            for (var n = 0; n < items.Length; n++) scores[items[n]] += weights[n];
        }
    }

    private ItemNeighbors FromEase(InteractionMatrix train, IProgress<double>? progress)
    {
        using var ease = new EaseModel(easeLambda);
        ease.Fit(train, progress);
        return ItemNeighbors.FromRows(train.ItemCount, neighborsPerItem, "ease", (item, row) => ease.WeightsOf(item, row));
    }
}
