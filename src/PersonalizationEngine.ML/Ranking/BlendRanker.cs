using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// The baseline recommender: time-decayed popularity blended with item-to-item co-interaction from the
/// customer's recent products and the customer's category affinity, then re-ranked for diversity.
/// A customer with no history gets the most popular products. With a learned model, its taste scores and
/// its item-to-item matches for the whole history are two more signals (<see cref="ServedBlend"/>).
/// </summary>
public sealed class BlendRanker(BlendWeights liveWeights, BlendWeights learnedWeights)
{
    /// <summary>How many of the customer's favourite categories contribute popular candidates.</summary>
    private const int FavouriteCategories = 3;

    public IReadOnlyList<RankedItem> Rank(RankingRequest request, ICatalogView catalog)
    {
        if (request.Count <= 0) return [];
        var affinity = CategoryAffinity(request.Seeds, catalog);
        var candidates = Candidates.ForThisThread();
        try
        {
            candidates.Exclude(request.Excluded, catalog);
            // Each source adds to the candidates the others gathered: a product is one candidate however many name it.
            AddTasteCandidates(request, catalog, candidates);
            AddHistoryCandidates(request, catalog, candidates);
            AddCoInteractionCandidates(request, catalog, candidates);
            AddPopularCandidates(request, catalog, affinity, candidates);

            var maxPopularity = Math.Log(1 + catalog.MaxPopularity);
            var learned = request.Taste is { Count: > 0 } || request.History is { Count: > 0 };
            var personalized = request.Seeds.Count > 0 || learned;
            var weights = learned ? learnedWeights : liveWeights;
            var all = candidates.All;
            foreach (ref var candidate in all) Score(ref candidate, affinity, maxPopularity, personalized, weights, request);
            // Without diversity only the best Count are needed, in order; diversity may reach further down.
            IReadOnlyList<Candidate> ranked = request.Diversity > 0
                ? DiversityReranker.Rerank(Sorted(all), request.Count, request.Diversity, s => s.Entry.Category, s => s.Score)
                : Best(all, request.Count);
            // Reasons are worded only for the items returned: a request weighs hundreds of candidates.
            var items = new List<RankedItem>(ranked.Count);
            for (var i = 0; i < ranked.Count; i++) items.Add(ToItem(ranked[i], request));
            return items;
        }
        finally
        {
            candidates.Clear();
        }
    }

    /// <summary>Best first; on a tie, by product id.</summary>
    private static int Compare(in Candidate a, in Candidate b) =>
        a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Entry.ProductId, b.Entry.ProductId);

    private static List<Candidate> Sorted(Span<Candidate> all)
    {
        var sorted = new List<Candidate>(all.Length);
        foreach (var candidate in all) sorted.Add(candidate);
        sorted.Sort((a, b) => Compare(a, b));
        return sorted;
    }

    /// <summary>
    /// The best <paramref name="count"/> in <see cref="Compare"/> order, without sorting the rest: an
    /// insertion into the short list of the best so far, which most candidates fail at its last place.
    /// </summary>
    private static List<Candidate> Best(Span<Candidate> all, int count)
    {
        var best = new List<Candidate>(Math.Min(count, all.Length) + 1);
        foreach (ref readonly var candidate in all)
        {
            if (best.Count == count && Compare(candidate, best[^1]) >= 0) continue;
            var at = best.Count;
            while (at > 0 && Compare(candidate, best[at - 1]) < 0) at--;
            best.Insert(at, candidate);
            if (best.Count > count) best.RemoveAt(count);
        }
        return best;
    }

    private static void Score(ref Candidate c, IReadOnlyDictionary<string, double> affinity, double maxPopularity, bool personalized,
        BlendWeights weights, RankingRequest request)
    {
        var popularity = maxPopularity > 0 ? Math.Log(1 + c.Entry.Popularity) / maxPopularity : 0;
        if (!personalized)
        {
            (c.Score, c.Reason) = (popularity, Reason.PopularNow);
            return;
        }

        var newerThanModel = c.History is null && c.NewerThanModel;
        var taste = weights.Taste * c.Taste;
        var history = weights.History * (newerThanModel ? c.Taste : c.History?.Score ?? 0);
        var coInteraction = weights.CoInteraction * c.CoInteraction;
        var category = weights.CategoryAffinity * affinity.GetValueOrDefault(c.Entry.Category);
        var popular = weights.Popularity * popularity;

        // The reason is the signal that contributed most (the first listed wins a tie); a signal with
        // nothing to name (no history product, no seed) is passed over.
        var reason = Reason.PopularNow;
        var strongest = 0.0;
        Consider(taste, request.TasteReason.Length > 0, Reason.Taste);
        if (newerThanModel) Consider(history, request.TasteReason.Length > 0, Reason.Taste);
        else Consider(history, c.History is not null, Reason.History);
        Consider(coInteraction, c.BestSeed is { Reason.Length: > 0 }, Reason.Seed);
        Consider(category, true, Reason.Category);
        Consider(popular, true, Reason.PopularNow);
        (c.Score, c.Reason) = (taste + history + coInteraction + category + popular, reason);

        void Consider(double part, bool named, Reason why)
        {
            if (part <= strongest || !named) return;
            strongest = part;
            reason = why;
        }
    }

    private static RankedItem ToItem(Candidate c, RankingRequest request)
    {
        var reason = c.Reason switch
        {
            Reason.Taste => request.TasteReason,
            Reason.History => $"because of {c.History!.Value.BecauseOf} in your history",
            Reason.Seed => c.BestSeed!.Reason,
            Reason.Category => $"popular in {c.Entry.Category}",
            _ => "popular now",
        };
        return new RankedItem(c.Entry.ProductId, c.Entry.Category, c.Score, reason);
    }

    private static void AddTasteCandidates(RankingRequest request, ICatalogView catalog, Candidates candidates)
    {
        if (request.Taste is null) return;
        foreach (var match in request.Taste)
        {
            ref var candidate = ref CandidateFor(match.ProductId, match.Item, request, catalog, candidates);
            if (Unsafe.IsNullRef(ref candidate)) continue;
            candidate.Taste = Math.Max(candidate.Taste, match.Score);
            candidate.NewerThanModel |= match.NewerThanModel;
        }
    }

    private static void AddHistoryCandidates(RankingRequest request, ICatalogView catalog, Candidates candidates)
    {
        if (request.History is null) return;
        foreach (var match in request.History)
        {
            ref var candidate = ref CandidateFor(match.ProductId, match.Item, request, catalog, candidates);
            if (!Unsafe.IsNullRef(ref candidate)) candidate.History = match;
        }
    }

    private static void AddCoInteractionCandidates(RankingRequest request, ICatalogView catalog, Candidates candidates)
    {
        var totalWeight = request.Seeds.Sum(s => s.Weight);
        if (totalWeight <= 0) return;
        foreach (var seed in request.Seeds)
        {
            // An array (what the model and the product grains give) is read as a span, without an enumerator.
            ReadOnlySpan<Neighbor> neighbors = seed.Neighbors as Neighbor[] ?? [.. seed.Neighbors];
            var strongest = 0.0;
            foreach (var neighbor in neighbors) strongest = Math.Max(strongest, neighbor.Strength);
            if (strongest <= 0) continue;
            foreach (var neighbor in neighbors)
            {
                ref var candidate = ref CandidateFor(neighbor.ProductId, neighbor.Item, request, catalog, candidates);
                if (Unsafe.IsNullRef(ref candidate)) continue;
                var contribution = seed.Weight / totalWeight * neighbor.Strength / strongest;
                candidate.CoInteraction += contribution;
                if (contribution > candidate.BestSeedContribution)
                {
                    candidate.BestSeedContribution = contribution;
                    candidate.BestSeed = seed;
                }
            }
        }
    }

    private static void AddPopularCandidates(
        RankingRequest request, ICatalogView catalog, IReadOnlyDictionary<string, double> affinity, Candidates candidates)
    {
        var pool = CandidatePool(request.Count, request.Excluded.Count);
        if (request.Categories.Count > 0)
        {
            foreach (var category in request.Categories) AddPopular(catalog.MostPopular(pool, category));
            return;
        }
        foreach (var (category, _) in affinity.OrderByDescending(a => a.Value).Take(FavouriteCategories)) AddPopular(catalog.MostPopular(pool, category));
        AddPopular(catalog.MostPopular(pool));

        void AddPopular(IReadOnlyList<CatalogEntry> entries)
        {
            for (var i = 0; i < entries.Count; i++)
            {
                candidates.GetOrAdd(entries[i], request);
            }
        }
    }

    /// <summary>
    /// The product's candidate: the one gathered already, or a new one when the catalog has the product and the
    /// request may return it; a null reference otherwise. A product the model names by index is found by it.
    /// </summary>
    private static ref Candidate CandidateFor(string productId, int item, RankingRequest request, ICatalogView catalog, Candidates candidates)
    {
        var entry = item >= 0 && request.ModelEntries is { } entries ? entries[item] : catalog.Find(productId);
        if (entry is null) return ref Unsafe.NullRef<Candidate>();
        return ref candidates.GetOrAdd(entry, request);
    }

    /// <summary>How many candidates each source offers: enough to fill the list after exclusions and diversity re-ranking.</summary>
    public static int CandidatePool(int count, int excluded) => count * 4 + excluded;

    /// <summary>Each category's share of the customer's recent interaction weight.</summary>
    private static Dictionary<string, double> CategoryAffinity(IReadOnlyList<Seed> seeds, ICatalogView catalog)
    {
        var affinity = new Dictionary<string, double>(StringComparer.Ordinal);
        var total = 0.0;
        foreach (var seed in seeds)
        {
            var category = catalog.Find(seed.ProductId)?.Category;
            if (string.IsNullOrEmpty(category)) continue;
            affinity[category] = affinity.GetValueOrDefault(category) + seed.Weight;
            total += seed.Weight;
        }
        foreach (var key in affinity.Keys) affinity[key] /= total;
        return affinity;
    }

    /// <summary>Whether the request may return the product, unless it is excluded (<see cref="Candidates.Exclude"/>).</summary>
    private static bool IsEligible(CatalogEntry entry, RankingRequest request) =>
        entry.Available && (request.Categories.Count == 0 || request.Categories.Contains(entry.Category));

    private enum Reason { PopularNow, Taste, History, Seed, Category }

    /// <summary>One product's signals, then its score and the reason it is recommended.</summary>
    private struct Candidate(CatalogEntry entry)
    {
        public readonly CatalogEntry Entry = entry;
        public double CoInteraction;
        public double BestSeedContribution;
        public double Taste;
        public HistoryMatch? History;
        /// <summary>Its taste comes from its content (<see cref="TasteMatch.NewerThanModel"/>).</summary>
        public bool NewerThanModel;
        public Seed? BestSeed;
        public double Score;
        public Reason Reason;
    }

    /// <summary>
    /// One thread's candidates, kept between requests (cleared after each): a request gathers a few
    /// hundred, and building a dictionary and an object for each on every page view was most of what a
    /// ranking allocated. A candidate is found by its entry's place in the catalog view (an array), by
    /// its product id only for an entry outside the view (a product newer than it).
    /// </summary>
    private sealed class Candidates
    {
        /// <summary>In the slots by ordinal or id: 0 not offered yet; this for an entry the request may not return; else the candidate's place + 1.</summary>
        private const int NotEligible = -1;

        [ThreadStatic] private static Candidates? _current;

        private int[] _slotByOrdinal = new int[1024];
        private readonly List<int> _ordinalsOffered = [];
        private readonly Dictionary<string, int> _slotById = new(StringComparer.Ordinal);
        private readonly List<Candidate> _all = [];

        public static Candidates ForThisThread() => _current ??= new Candidates();

        public Span<Candidate> All => CollectionsMarshal.AsSpan(_all);

        /// <summary>
        /// The entry's candidate, gathered already or new; a null reference when the request may not return it
        /// (checked once per request and entry).
        /// </summary>
        public ref Candidate GetOrAdd(CatalogEntry entry, RankingRequest request)
        {
            ref var slot = ref SlotOf(entry);
            if (slot > 0) return ref CollectionsMarshal.AsSpan(_all)[slot - 1];
            if (slot == NotEligible || !IsEligible(entry, request))
            {
                slot = NotEligible;
                return ref Unsafe.NullRef<Candidate>();
            }
            _all.Add(new Candidate(entry));
            slot = _all.Count;
            return ref CollectionsMarshal.AsSpan(_all)[slot - 1];
        }

        /// <summary>
        /// Marks the excluded products before any is offered: a request excludes a few products (what the customer
        /// bought, the one being looked at) and offers hundreds, so each offer is not checked against the exclusions.
        /// </summary>
        public void Exclude(IReadOnlySet<string> excluded, ICatalogView catalog)
        {
            foreach (var productId in excluded)
            {
                if (catalog.Find(productId) is { } entry) SlotOf(entry) = NotEligible;
            }
        }

        private ref int SlotOf(CatalogEntry entry)
        {
            var ordinal = entry.Ordinal;
            if (ordinal < 0) return ref CollectionsMarshal.GetValueRefOrAddDefault(_slotById, entry.ProductId, out _);
            if (ordinal >= _slotByOrdinal.Length) Array.Resize(ref _slotByOrdinal, Math.Max(ordinal + 1, 2 * _slotByOrdinal.Length));
            ref var slot = ref _slotByOrdinal[ordinal];
            if (slot == 0) _ordinalsOffered.Add(ordinal);
            return ref slot;
        }

        public void Clear()
        {
            foreach (var ordinal in _ordinalsOffered) _slotByOrdinal[ordinal] = 0;
            _ordinalsOffered.Clear();
            _slotById.Clear();
            _all.Clear();
        }
    }
}
