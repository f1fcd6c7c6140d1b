namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// The baseline recommender: time-decayed popularity blended with item-to-item co-interaction from the
/// customer's recent products and the customer's category affinity, then re-ranked for diversity.
/// A customer with no history gets the most popular products.
/// </summary>
public sealed class BlendRanker(BlendWeights weights)
{
    /// <summary>How many of the customer's favourite categories contribute popular candidates.</summary>
    private const int FavouriteCategories = 3;

    public IReadOnlyList<RankedItem> Rank(RankingRequest request, ICatalogView catalog)
    {
        if (request.Count <= 0) return [];
        var affinity = CategoryAffinity(request.Seeds, catalog);
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        AddCoInteractionCandidates(request, catalog, candidates);
        AddPopularCandidates(request, catalog, affinity, candidates);

        var maxPopularity = Math.Log(1 + catalog.MaxPopularity);
        var personalized = request.Seeds.Count > 0;
        var scored = candidates.Values
            .Select(c => Score(c, affinity, maxPopularity, personalized))
            .OrderByDescending(item => item.Score)
            .ThenBy(item => item.ProductId, StringComparer.Ordinal)
            .ToList();
        return DiversityReranker.Rerank(scored, request.Count, request.Diversity);
    }

    private RankedItem Score(Candidate c, IReadOnlyDictionary<string, double> affinity, double maxPopularity, bool personalized)
    {
        var popularity = maxPopularity > 0 ? Math.Log(1 + c.Entry.Popularity) / maxPopularity : 0;
        if (!personalized) return new RankedItem(c.Entry.ProductId, c.Entry.Category, popularity, "popular now");

        var co = weights.CoInteraction * c.CoInteraction;
        var category = weights.CategoryAffinity * affinity.GetValueOrDefault(c.Entry.Category);
        var popular = weights.Popularity * popularity;
        var reason = co >= category && co >= popular && c.BestSeed is not null
            ? c.BestSeed.Reason
            : category >= popular ? $"popular in {c.Entry.Category}" : "popular now";
        return new RankedItem(c.Entry.ProductId, c.Entry.Category, co + category + popular, reason);
    }

    private static void AddCoInteractionCandidates(RankingRequest request, ICatalogView catalog, Dictionary<string, Candidate> candidates)
    {
        var totalWeight = request.Seeds.Sum(s => s.Weight);
        if (totalWeight <= 0) return;
        foreach (var seed in request.Seeds)
        {
            var strongest = seed.Neighbors.Count == 0 ? 0 : seed.Neighbors.Max(n => n.Strength);
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
        // Enough to fill the list after exclusions and diversity re-ranking.
        var pool = request.Count * 4 + request.Excluded.Count;
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

    private sealed class Candidate(CatalogEntry entry)
    {
        public CatalogEntry Entry { get; } = entry;
        public double CoInteraction { get; set; }
        public double BestSeedContribution { get; set; }
        public Seed? BestSeed { get; set; }
    }
}
