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
        // Sized for every source at once: growing a dictionary of a few hundred rehashes it several times.
        var candidates = new Dictionary<string, Candidate>(CandidateCapacity(request), StringComparer.Ordinal);
        AddCoInteractionCandidates(request, catalog, candidates);
        AddPopularCandidates(request, catalog, affinity, candidates);
        AddTasteCandidates(request, catalog, candidates);
        AddHistoryCandidates(request, catalog, candidates);

        var maxPopularity = Math.Log(1 + catalog.MaxPopularity);
        var learned = request.Taste is { Count: > 0 } || request.History is { Count: > 0 };
        var personalized = request.Seeds.Count > 0 || learned;
        var weights = learned ? learnedWeights : liveWeights;
        var scored = new List<Scored>(candidates.Count);
        foreach (var candidate in candidates.Values) scored.Add(Score(candidate, affinity, maxPopularity, personalized, weights, request));
        // Without diversity only the best Count are needed, in order; diversity may reach further down.
        var ranked = request.Diversity > 0 ? Sorted(scored) : Best(scored, request.Count);
        // Reasons are worded only for the items returned: a request weighs hundreds of candidates.
        return DiversityReranker.Rerank(ranked, request.Count, request.Diversity, s => s.Candidate.Entry.Category, s => s.Score)
            .Select(s => ToItem(s, request))
            .ToList();
    }

    /// <summary>Best first; on a tie, by product id.</summary>
    private static int Compare(Scored a, Scored b) =>
        a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Candidate.Entry.ProductId, b.Candidate.Entry.ProductId);

    private static List<Scored> Sorted(List<Scored> scored)
    {
        scored.Sort(Compare);
        return scored;
    }

    /// <summary>The best <paramref name="count"/> in <see cref="Compare"/> order, without sorting the rest.</summary>
    private static List<Scored> Best(List<Scored> scored, int count)
    {
        var heap = new PriorityQueue<Scored, Scored>(Comparer<Scored>.Create((a, b) => Compare(b, a)));
        foreach (var s in scored)
        {
            if (heap.Count < count) heap.Enqueue(s, s);
            else if (Compare(s, heap.Peek()) < 0) heap.EnqueueDequeue(s, s);
        }
        var best = new List<Scored>(heap.Count);
        while (heap.Count > 0) best.Add(heap.Dequeue());
        best.Reverse();
        return best;
    }

    private static Scored Score(Candidate c, IReadOnlyDictionary<string, double> affinity, double maxPopularity, bool personalized,
        BlendWeights weights, RankingRequest request)
    {
        var popularity = maxPopularity > 0 ? Math.Log(1 + c.Entry.Popularity) / maxPopularity : 0;
        if (!personalized) return new Scored(c, popularity, Reason.PopularNow);

        var newerThanModel = c.History is null && request.NewerThanModel?.Contains(c.Entry.ProductId) == true;
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
        return new Scored(c, taste + history + coInteraction + category + popular, reason);

        void Consider(double part, bool named, Reason why)
        {
            if (part <= strongest || !named) return;
            strongest = part;
            reason = why;
        }
    }

    private static RankedItem ToItem(Scored scored, RankingRequest request)
    {
        var c = scored.Candidate;
        var reason = scored.Reason switch
        {
            Reason.Taste => request.TasteReason,
            Reason.History => $"because of {c.History!.BecauseOf} in your history",
            Reason.Seed => c.BestSeed!.Reason,
            Reason.Category => $"popular in {c.Entry.Category}",
            _ => "popular now",
        };
        return new RankedItem(c.Entry.ProductId, c.Entry.Category, scored.Score, reason);
    }

    private static void AddTasteCandidates(RankingRequest request, ICatalogView catalog, Dictionary<string, Candidate> candidates)
    {
        if (request.Taste is null) return;
        foreach (var (productId, taste) in request.Taste)
        {
            var entry = catalog.Find(productId);
            if (entry is null || !IsEligible(entry, request)) continue;
            GetOrAdd(candidates, entry).Taste = taste;
        }
    }

    private static void AddHistoryCandidates(RankingRequest request, ICatalogView catalog, Dictionary<string, Candidate> candidates)
    {
        if (request.History is null) return;
        foreach (var (productId, match) in request.History)
        {
            var entry = catalog.Find(productId);
            if (entry is null || !IsEligible(entry, request)) continue;
            GetOrAdd(candidates, entry).History = match;
        }
    }

    private static void AddCoInteractionCandidates(RankingRequest request, ICatalogView catalog, Dictionary<string, Candidate> candidates)
    {
        var totalWeight = request.Seeds.Sum(s => s.Weight);
        if (totalWeight <= 0) return;
        foreach (var seed in request.Seeds)
        {
            var strongest = 0.0;
            foreach (var neighbor in seed.Neighbors) strongest = Math.Max(strongest, neighbor.Strength);
            if (strongest <= 0) continue;
            foreach (var neighbor in seed.Neighbors)
            {
                var entry = catalog.Find(neighbor.ProductId);
                if (entry is null || !IsEligible(entry, request)) continue;
                var contribution = seed.Weight / totalWeight * neighbor.Strength / strongest;
                var candidate = GetOrAdd(candidates, entry);
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
        RankingRequest request, ICatalogView catalog, IReadOnlyDictionary<string, double> affinity, Dictionary<string, Candidate> candidates)
    {
        var pool = CandidatePool(request.Count, request.Excluded.Count);
        IEnumerable<string?> categories = request.Categories.Count > 0
            ? request.Categories
            : affinity.OrderByDescending(a => a.Value).Take(FavouriteCategories).Select(a => (string?)a.Key).Append(null);
        foreach (var category in categories)
        {
            foreach (var entry in catalog.MostPopular(pool, category))
            {
                if (IsEligible(entry, request)) GetOrAdd(candidates, entry);
            }
        }
    }

    /// <summary>How many candidates each source offers: enough to fill the list after exclusions and diversity re-ranking.</summary>
    public static int CandidatePool(int count, int excluded) => count * 4 + excluded;

    private static int CandidateCapacity(RankingRequest request)
    {
        var capacity = (request.Taste?.Count ?? 0) + (request.History?.Count ?? 0) + (FavouriteCategories + 1) * CandidatePool(request.Count, request.Excluded.Count);
        foreach (var seed in request.Seeds) capacity += seed.Neighbors.Count;
        return capacity;
    }

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

    private static bool IsEligible(CatalogEntry entry, RankingRequest request) =>
        entry.Available
        && !request.Excluded.Contains(entry.ProductId)
        && (request.Categories.Count == 0 || request.Categories.Contains(entry.Category));

    private static Candidate GetOrAdd(Dictionary<string, Candidate> candidates, CatalogEntry entry)
    {
        if (!candidates.TryGetValue(entry.ProductId, out var candidate))
        {
            candidate = new Candidate(entry);
            candidates.Add(entry.ProductId, candidate);
        }
        return candidate;
    }

    private enum Reason { PopularNow, Taste, History, Seed, Category }

    private readonly record struct Scored(Candidate Candidate, double Score, Reason Reason);

    private sealed class Candidate(CatalogEntry entry)
    {
        public CatalogEntry Entry { get; } = entry;
        public double CoInteraction { get; set; }
        public double BestSeedContribution { get; set; }
        public double Taste { get; set; }
        public HistoryMatch? History { get; set; }
        public Seed? BestSeed { get; set; }
    }
}
