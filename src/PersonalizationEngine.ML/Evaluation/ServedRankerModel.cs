using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.ML.Evaluation;

/// <summary>
/// The recommendation path as the engine serves it, made evaluable offline: ALS item factors plus the
/// learned item-to-item neighbors (one snapshot, as published); each user is folded in from their
/// interest per item (at most <see cref="TasteProducts"/> items, the strongest) and seeded by their latest
/// <see cref="RecentLimit"/> interactions, as a customer grain keeps them; then <see cref="PersonalRanker"/>
/// with the snapshot's blend. Its score is the rank it gives; items outside its list score NaN
/// (never chosen).
/// </summary>
/// <param name="train">The interactions the matrix given to <see cref="Fit"/> was built from (for their times).</param>
public sealed class ServedRankerModel(
    IReadOnlyList<Interaction> train, ImplicitAlsOptions als, Func<ItemToItemModel> itemToItem, int count,
    Func<string, string?>? categoryOf = null) : IRankingModel
{
    /// <summary>The engine's default <c>Engine:Grains:RecentInteractions</c>.</summary>
    public const int RecentLimit = 50;
    /// <summary>The engine's default <c>Engine:Grains:TasteProducts</c>.</summary>
    public const int TasteProducts = 500;

    private static readonly LiveNeighbors NoLiveNeighbors = ids => Task.FromResult(ids.Select(_ => (IReadOnlyList<Neighbor>)[]).ToArray());

    private ItemFactorSnapshot? _model;
    private TrainingCatalog? _catalog;
    private InteractionMatrix? _matrix;
    private Dictionary<string, RecentProduct[]> _recent = [];
    private Dictionary<string, Dictionary<string, float>> _weights = [];

    public string Name => "served";

    /// <summary>How ranking mixes the model's signals with the live ones (see <see cref="ItemFactorSnapshot.Blend"/>).</summary>
    public ServedBlend Blend
    {
        get;
        set
        {
            field = value;
            _model = _model?.WithBlend(value);
        }
    } = ServedBlend.Default;

    /// <summary>
    /// How many item-to-item links per item ranking uses: the strongest (by magnitude) of those fitted; null for all
    /// of them. Validation tries fewer on one fit (<see cref="ServedBlendValidation"/>).
    /// </summary>
    public int? NeighborsPerItem
    {
        get;
        set
        {
            field = value;
            KeepNeighbors();
        }
    }

    private ItemNeighbors? _fittedNeighbors;
    private readonly Dictionary<int, ItemNeighbors> _kept = [];

    /// <summary>Puts the fitted links, or the strongest <see cref="NeighborsPerItem"/> of them, in the model ranked with.</summary>
    private void KeepNeighbors()
    {
        if (_model is null || _fittedNeighbors is not { } fitted) return;
        var neighbors = fitted;
        if (NeighborsPerItem is { } perItem && !_kept.TryGetValue(perItem, out neighbors)) _kept[perItem] = neighbors = fitted.Keep(perItem);
        _model = _model.WithNeighbors(neighbors);
    }

    /// <summary>Score every product's factors instead of searching the model's index: the reference that two-stage retrieval is measured against.</summary>
    public bool ExhaustiveRetrieval { get; set; }

    /// <summary>
    /// Trains what the engine publishes: ALS item factors and the item-to-item neighbors on the same
    /// matrix, in one snapshot with the blend it ranks with.
    /// </summary>
    public static ItemFactorSnapshot TrainSnapshot(InteractionMatrix matrix, ImplicitAlsOptions als, ItemToItemModel itemToItem, ServedBlend blend,
        IProgress<double>? progress = null)
    {
        var factors = new ImplicitAlsModel(als);
        factors.Fit(matrix, progress is null ? null : new Progress<double>(f => progress.Report(0.5 * f)));
        itemToItem.Fit(matrix, progress is null ? null : new Progress<double>(f => progress.Report(0.5 + 0.5 * f)));
        return factors.ToSnapshot(itemToItem.Neighbors, blend);
    }

    public void Fit(InteractionMatrix matrix, IProgress<double>? progress = null)
    {
        _model = TrainSnapshot(matrix, als, itemToItem(), Blend, progress);
        _fittedNeighbors = _model.Neighbors;
        _kept.Clear();
        KeepNeighbors();
        _catalog = new TrainingCatalog(matrix, categoryOf);
        _matrix = matrix;
        var byUser = train.GroupBy(x => x.UserId, StringComparer.Ordinal).ToArray();
        _recent = byUser.ToDictionary(g => g.Key, g => g.OrderByDescending(x => x.OccurredAt).Take(RecentLimit)
            .Select(x => new RecentProduct(x.ItemId, x.Value, "viewed", x.OccurredAt)).ToArray(), StringComparer.Ordinal);
        _weights = byUser.ToDictionary(g => g.Key, g => g.GroupBy(x => x.ItemId, StringComparer.Ordinal)
            .Select(i => (Item: i.Key, Weight: i.Sum(x => x.Value))).OrderByDescending(i => i.Weight).Take(TasteProducts)
            .ToDictionary(i => i.Item, i => i.Weight, StringComparer.Ordinal), StringComparer.Ordinal);
    }

    public void Score(int user, Span<float> scores)
    {
        var userId = _matrix!.Users.IdOf(user);
        // Seen items removed, as for every model under this protocol.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in _matrix.ByUser.ColumnsOf(user)) seen.Add(_matrix.Items.IdOf(item));
        var request = new PersonalRequest(count, _recent.GetValueOrDefault(userId, []), _weights.GetValueOrDefault(userId, []), null, 0, seen, new HashSet<string>(), 0,
            ExhaustiveRetrieval);
        // Offline there are no live neighbors to wait for, so this completes synchronously.
        var ranked = PersonalRanker.RankAsync(request, _model, _catalog!, ColdStartFactors.None, NoLiveNeighbors).GetAwaiter().GetResult();
        scores.Fill(float.NaN);
        for (var rank = 0; rank < ranked.Count; rank++)
        {
            if (_matrix.Items.TryGetIndex(ranked[rank].ProductId, out var index)) scores[index] = ranked.Count - rank;
        }
    }
}
