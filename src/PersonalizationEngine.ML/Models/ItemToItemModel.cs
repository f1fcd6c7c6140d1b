using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// The item-to-item model as it serves: each item's <see cref="ItemNeighbors"/>, learned by EASE where
/// the catalog is small enough for its dense inverse, otherwise by cosine similarity of the items' binary
/// customer vectors with shrinkage (item kNN, Sarwar et al. 2001). A user's score for an item is the sum
/// of its neighbor weights from the user's items, so evaluating this model measures exactly the sparse
/// lists that serving uses, not the full EASE matrix.
/// </summary>
public sealed class ItemToItemModel(int neighborsPerItem = 50, int easeMaxItems = 6_000, double easeLambda = 400, double cosineShrinkage = 10)
    : IRankingModel
{
    private InteractionMatrix? _train;

    public string Name => "item2item";

    public ItemNeighbors? Neighbors { get; private set; }

    public void Fit(InteractionMatrix train, IProgress<double>? progress = null)
    {
        _train = train;
        Neighbors = train.ItemCount <= easeMaxItems ? FromEase(train, progress) : FromCosine(train);
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
        var ease = new EaseModel(easeLambda);
        ease.Fit(train, progress);
        return ItemNeighbors.FromRows(train.ItemCount, neighborsPerItem, "ease", (item, row) => ease.WeightsOf(item).CopyTo(row));
    }

    /// <summary>cos(i, j) = co(i, j) / (√(nᵢ·nⱼ) + shrinkage): shrinkage damps pairs seen together only a few times.</summary>
    private ItemNeighbors FromCosine(InteractionMatrix train)
    {
        var users = train.ByItem;
        var items = train.ByUser;
        return ItemNeighbors.FromRows(train.ItemCount, neighborsPerItem, "cosine", (item, row) =>
        {
            foreach (var user in users.ColumnsOf(item))
            {
                foreach (var other in items.ColumnsOf(user)) row[other] += 1;
            }
            var count = users.CountOf(item);
            for (var other = 0; other < row.Length; other++)
            {
                if (row[other] > 0) row[other] /= (float)(Math.Sqrt((double)count * users.CountOf(other)) + cosineShrinkage);
            }
        });
    }
}
