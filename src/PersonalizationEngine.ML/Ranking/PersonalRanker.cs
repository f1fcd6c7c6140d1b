using System.Buffers;
using System.Runtime.InteropServices;
using PersonalizationEngine.ML.Decay;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Retrieval;

namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// The whole recommendation path from a customer's interactions to a ranked list, shared by the server
/// and by offline evaluation so that what is measured is what is served:
/// the customer is folded in from their whole (bounded) history against the served model's item factors
/// (live, no retraining); the model's item-to-item neighbors score that whole history; their latest
/// distinct products seed session candidates (live co-interactions only for products newer than the
/// model); and <see cref="BlendRanker"/> mixes taste, history, session, category affinity and popularity
/// with the weights the model was validated with, then re-ranks for diversity.
/// </summary>
public static class PersonalRanker
{
    /// <summary>How many of the customer's latest distinct products seed the session candidates.</summary>
    public const int SeedProducts = 5;
    public const int NeighborsPerSeed = 30;
    /// <summary>Each older seed counts this much less than the one after it.</summary>
    private const double SeedRecencyDecay = 0.8;

    /// <param name="coldStart">Products the model has not seen, with factors from their content; they compete on taste.</param>
    public static async Task<IReadOnlyList<RankedItem>> RankAsync(PersonalRequest request, ItemFactorSnapshot? model, ICatalogView catalog,
        ColdStartFactors coldStart, LiveNeighbors liveNeighbors)
    {
        var pool = BlendRanker.CandidatePool(request.Count, request.Excluded.Count);
        var taste = model is null ? null : Taste(model, model.FoldIn(HistoryOf(request)), pool, coldStart, request.ExhaustiveRetrieval);
        var history = model is null ? null : HistoryMatches(model, request, pool);
        var seeds = await WithNeighborsAsync(SeedsOf(request), model, liveNeighbors);
        return RankerFor(model).Rank(new RankingRequest(request.Count, seeds, request.Excluded, request.Categories, request.Diversity, taste,
            History: history, ModelEntries: model is null ? null : catalog.EntriesOf(model.ItemIds)), catalog);
    }

    /// <summary>Products like <paramref name="productId"/>: its neighbors, and the products whose factors are closest to its own.</summary>
    public static async Task<IReadOnlyList<RankedItem>> SimilarAsync(string productId, int count, ItemFactorSnapshot? model, ICatalogView catalog,
        ColdStartFactors coldStart, LiveNeighbors liveNeighbors, bool exhaustiveRetrieval = false)
    {
        var seed = new SeedSpec(productId, $"often together with {productId}", 1.0);
        var known = model is not null && model.TryGetIndex(productId, out _);
        var taste = TasteLike(productId, count, model, coldStart, exhaustiveRetrieval);
        var request = new RankingRequest(count, await WithNeighborsAsync([seed], model, liveNeighbors), new HashSet<string> { productId },
            new HashSet<string>(), 0, taste, known ? $"similar to {productId}" : $"described like {productId}",
            ModelEntries: model is null ? null : catalog.EntriesOf(model.ItemIds));
        return RankerFor(model).Rank(request, catalog);
    }

    /// <summary>
    /// The products nearest in taste to a product: by its own factor, or by its content's (from its text where it has
    /// an embedding) when the model has not seen it; null without either.
    /// </summary>
    private static List<TasteMatch>? TasteLike(string productId, int count, ItemFactorSnapshot? model, ColdStartFactors coldStart, bool exhaustive)
    {
        if (model is null) return null;
        var factor = model.TryGetIndex(productId, out var index) ? model.ItemFactors.AsSpan(index * model.Factors, model.Factors) : coldStart.FactorOf(productId);
        return factor.IsEmpty ? null : Taste(model, factor, BlendRanker.CandidatePool(count, excluded: 1), coldStart, exhaustive);
    }

    /// <summary>The blend the model was validated with.</summary>
    private static BlendRanker RankerFor(ItemFactorSnapshot? model) => new(BlendWeights.Default, (model?.Blend ?? ServedBlend.Default).Weights);

    /// <summary>
    /// The model's best <paramref name="count"/> products for a vector, scored relative to the best (in
    /// [0, 1]), retrieved from its index (or by scoring every product when <paramref name="exhaustive"/>);
    /// products the model has not seen compete with factors from their content.
    /// </summary>
    private static List<TasteMatch>? Taste(ItemFactorSnapshot model, ReadOnlySpan<float> vector, int count, ColdStartFactors coldStart,
        bool exhaustive)
    {
        List<(int Item, float Score)> known, cold;
        if (exhaustive)
        {
            known = BestByScan(model.ItemIds.Count, model.ItemFactors, vector, count);
            cold = BestByScan(coldStart.ProductIds.Count, coldStart.Factors, vector, count);
        }
        else
        {
            known = model.Index.Search(vector, count);
            // A cold-start product is taken only above the model's count-th product (a tie goes to the model's) and above
            // zero, so its index is searched only for those: most of it is passed over at its clusters' bounds.
            var above = Math.Max(0f, known.Count == count ? known[^1].Score : 0f);
            cold = coldStart.Index?.Search(vector, count, above) ?? [];
        }
        var top = Math.Max(known.Count > 0 ? known[0].Score : 0f, cold.Count > 0 ? cold[0].Score : 0f);
        if (top <= 0) return null;
        var taste = new List<TasteMatch>(Math.Min(count, known.Count + cold.Count));
        // Each list is best first; merged best first, a tie to the model's own product, the best count of both.
        for (int k = 0, c = 0; taste.Count < count && (k < known.Count || c < cold.Count);)
        {
            if (c == cold.Count || (k < known.Count && known[k].Score >= cold[c].Score))
            {
                var (item, score) = known[k++];
                if (score <= 0) break;
                taste.Add(new TasteMatch(model.ItemIds[item], score / top, item));
            }
            else
            {
                var (product, score) = cold[c++];
                if (score <= 0) break;
                taste.Add(new TasteMatch(coldStart.ProductIds[product], score / top, NewerThanModel: true));
            }
        }
        return taste;
    }

    /// <summary>The <paramref name="count"/> best of these rows (row-major factors) for the vector, best first.</summary>
    private static List<(int Item, float Score)> BestByScan(int rows, ReadOnlySpan<float> factors, ReadOnlySpan<float> vector, int count)
    {
        var ranked = new List<(int Item, float Score)>(Math.Min(rows, count));
        if (rows == 0) return ranked;
        var scores = ArrayPool<float>.Shared.Rent(rows);
        try
        {
            var span = scores.AsSpan(0, rows);
            RowDotProducts.Compute(factors, vector, span);
            foreach (var i in TopK.Select(span, count)) ranked.Add((i, span[i]));
            return ranked;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>
    /// The item-to-item model's scores for the customer's whole history (the neighbor weights of every product
    /// they showed interest in, summed: the sparse form of EASE or item kNN scoring), the best
    /// <paramref name="count"/> relative to the best, each with the history product that added most. Each such
    /// product counts once, however often or strongly: EASE learns its weights from the binary matrix, and
    /// weighing them by interest scored lower on Online Retail's validation split (docs/benchmarks.md); with the
    /// blend's history half-life, the longer ago it was last touched the less it counts (<see cref="HistoryRecency"/>).
    /// </summary>
    private static List<HistoryMatch>? HistoryMatches(ItemFactorSnapshot model, PersonalRequest request, int count)
    {
        var weights = request.ProductWeights;
        if (model.Neighbors is not { } neighbors || weights.Count == 0) return null;
        // Dense per-item accumulators of this thread (one request's matches touch a few thousand of them),
        // reset again through the list of touched items: nothing per match is allocated.
        var scratch = HistoryScratch.For(model.ItemIds.Count);
        var (score, strongest, because, touched) = (scratch.Score, scratch.Strongest, scratch.Because, scratch.Touched);
        var touchedCount = 0;
        var recency = new HistoryRecency(model, request.Recent, model.Blend.HistoryHalfLife, scratch);
        try
        {
            foreach (var (productId, weight) in weights)
            {
                if (weight <= 0 || !model.TryGetIndex(productId, out var source)) continue;
                var say = recency.Of(source);
                var neighborItems = neighbors.ItemsOf(source);
                var links = neighbors.WeightsOf(source);
                for (var n = 0; n < neighborItems.Length; n++)
                {
                    var item = neighborItems[n];
                    var added = links[n] * say;
                    score[item] += added;
                    // The first touch lists the item and names its source, whatever the sign of what it adds.
                    if (because[item] < 0)
                    {
                        touched[touchedCount++] = item;
                        (strongest[item], because[item]) = (added, source);
                    }
                    else if (added > strongest[item]) (strongest[item], because[item]) = (added, source);
                }
            }
            if (touchedCount == 0) return null;
            var best = Best(score, touched.AsSpan(0, touchedCount), count);
            var max = score[best[0]];
            // Negative links can leave a product below zero: the history argues against it, so it is no match.
            if (max <= 0) return null;
            var matches = new List<HistoryMatch>(best.Length);
            foreach (var item in best)
            {
                if (score[item] > 0) matches.Add(new HistoryMatch(model.ItemIds[item], score[item] / max, model.ItemIds[because[item]], item));
            }
            return matches;
        }
        finally
        {
            foreach (var item in touched.AsSpan(0, touchedCount)) (score[item], strongest[item], because[item]) = (0, 0, -1);
            recency.Reset();
        }
    }

    /// <summary>
    /// How much each product of a customer's history says, by the blend's half-life: 0.5^(age / half-life), its age
    /// counted from the customer's latest interaction to their latest with it (counting from now instead would scale
    /// every product alike, and matches are relative to the best); a product older than every recent interaction says
    /// as much as the oldest of them. Every product says 1 without a half-life. Kept by item in the thread's
    /// <see cref="HistoryScratch.Say"/> (0: not among the recent interactions) and cleared by <see cref="Reset"/>.
    /// </summary>
    private readonly ref struct HistoryRecency
    {
        private readonly float[] _say;
        private readonly Span<int> _marked;
        private readonly float _older;

        public HistoryRecency(ItemFactorSnapshot model, IReadOnlyList<RecentProduct> recent, TimeSpan? halfLife, HistoryScratch scratch)
        {
            _say = scratch.Say;
            _older = 1;
            if (halfLife is not { } h || recent.Count == 0)
            {
                _marked = [];
                return;
            }
            var latest = recent[0].At;
            var marked = 0;
            // Newest first: a product's first appearance is its latest interaction.
            foreach (var interaction in recent)
            {
                _older = (float)ExponentialDecay.Factor(latest - interaction.At, h);
                if (!model.TryGetIndex(interaction.ProductId, out var item) || _say[item] > 0) continue;
                _say[item] = Math.Max(_older, float.Epsilon);
                scratch.Marked[marked++] = item;
            }
            _marked = scratch.Marked.AsSpan(0, marked);
        }

        public float Of(int item) => _say[item] > 0 ? _say[item] : _older;

        public void Reset()
        {
            foreach (var item in _marked) _say[item] = 0;
        }
    }

    /// <summary>
    /// The <paramref name="count"/> best-scored of the touched items, best first, ties to the lower index:
    /// a linear selection of the threshold, then a sort of the few above it (a request touches thousands
    /// of items; a heap compared each of them against its top).
    /// </summary>
    private static int[] Best(float[] score, Span<int> touched, int count)
    {
        var values = ArrayPool<float>.Shared.Rent(touched.Length);
        try
        {
            for (var i = 0; i < touched.Length; i++) values[i] = score[touched[i]];
            var threshold = count >= touched.Length ? float.MinValue : Selection.KthLargest(values.AsSpan(0, touched.Length), count);
            var kept = new List<int>(count + 8);
            foreach (var item in touched) if (score[item] >= threshold) kept.Add(item);
            kept.Sort((a, b) => score[a] != score[b] ? score[b].CompareTo(score[a]) : a.CompareTo(b));
            return kept.Count > count ? kept.GetRange(0, count).ToArray() : kept.ToArray();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(values);
        }
    }

    /// <summary>
    /// One thread's accumulators for <see cref="HistoryMatches"/>, kept between requests instead of four
    /// catalog-sized arrays rented from a pool on every request.
    /// <see cref="Because"/> is -1 for an item not touched yet.
    /// </summary>
    private sealed class HistoryScratch
    {
        [ThreadStatic] private static HistoryScratch? _current;

        private HistoryScratch(int items)
        {
            Score = new float[items];
            Strongest = new float[items];
            Because = new int[items];
            Array.Fill(Because, -1);
            // Each touched item is listed once, so no list is longer than the catalog.
            Touched = new int[items];
            Say = new float[items];
            Marked = new int[items];
        }

        public float[] Score { get; }
        public float[] Strongest { get; }
        public int[] Because { get; }
        public int[] Touched { get; }
        /// <summary>A recent product's say in the history matches (<see cref="HistoryRecency"/>); 0 for every other item.</summary>
        public float[] Say { get; }
        public int[] Marked { get; }

        public static HistoryScratch For(int items) =>
            _current is { } scratch && scratch.Score.Length >= items ? scratch : _current = new HistoryScratch(items);
    }

    /// <summary>
    /// Everything the customer did, weighted as in training, plus the product they are looking at: folding
    /// in from the whole history ranks as well as the trained user factors, where the latest 50 events alone
    /// lost a tenth of the validation NDCG on MovieLens (the history of docs/benchmarks.md).
    /// </summary>
    private static IEnumerable<(string ItemId, float Value)> HistoryOf(PersonalRequest request)
    {
        foreach (var (productId, weight) in request.ProductWeights) yield return (productId, weight);
        if (request.ContextProductId is not null) yield return (request.ContextProductId, (float)request.ContextWeight);
    }

    /// <summary>The latest distinct products, newest weighing most; the product being looked at weighs most of all.</summary>
    private static List<SeedSpec> SeedsOf(PersonalRequest request)
    {
        var seeds = new List<SeedSpec>(SeedProducts + 1);
        var context = request.ContextProductId;
        if (context is not null) seeds.Add(new SeedSpec(context, $"because you are looking at {context}", request.ContextWeight));
        var recent = request.Recent;
        var recency = 1.0;
        // Distinct products in the order they first appear (newest first); each sums all of its interactions.
        for (var first = 0; first < recent.Count && seeds.Count < SeedProducts; first++)
        {
            var productId = recent[first].ProductId;
            if (productId == context || IsListedBefore(recent, first, productId)) continue;
            var strongest = recent[first];
            var total = 0.0;
            for (var i = first; i < recent.Count; i++)
            {
                if (recent[i].ProductId != productId) continue;
                total += recent[i].Weight;
                if (recent[i].Weight > strongest.Weight) strongest = recent[i];
            }
            var weight = recency * total;
            recency *= SeedRecencyDecay;
            if (weight <= 0) continue;
            seeds.Add(new SeedSpec(productId, $"because you {strongest.Verb} {productId}", weight));
        }
        return seeds;
    }

    private static bool IsListedBefore(IReadOnlyList<RecentProduct> recent, int position, string productId)
    {
        for (var i = 0; i < position; i++) if (recent[i].ProductId == productId) return true;
        return false;
    }

    /// <summary>Each seed's neighbors: the model's learned ones, or the live co-interactions for a product the model does not know.</summary>
    private static async Task<IReadOnlyList<Seed>> WithNeighborsAsync(IReadOnlyList<SeedSpec> seeds, ItemFactorSnapshot? model, LiveNeighbors liveNeighbors)
    {
        var neighbors = new IReadOnlyList<Neighbor>?[seeds.Count];
        List<int>? unknown = null;
        for (var i = 0; i < seeds.Count; i++)
        {
            neighbors[i] = model?.NeighborsOf(seeds[i].ProductId, NeighborsPerSeed);
            if (neighbors[i] is null) (unknown ??= []).Add(i);
        }
        if (unknown is not null)
        {
            var live = await liveNeighbors(unknown.Select(i => seeds[i].ProductId).ToArray());
            for (var u = 0; u < unknown.Count; u++) neighbors[unknown[u]] = live[u];
        }
        var withNeighbors = new Seed[seeds.Count];
        for (var i = 0; i < seeds.Count; i++) withNeighbors[i] = new Seed(seeds[i].ProductId, seeds[i].Reason, seeds[i].Weight, neighbors[i]!);
        return withNeighbors;
    }

    private sealed record SeedSpec(string ProductId, string Reason, double Weight);
}
