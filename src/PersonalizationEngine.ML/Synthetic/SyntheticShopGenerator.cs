using PersonalizationEngine.ML.Datasets;

namespace PersonalizationEngine.ML.Synthetic;

/// <summary>
/// Generates a shop whose behaviour has the structure real shops have, so recommendations over it are
/// meaningfully personalized: each customer has latent tastes concentrated on a few categories; product
/// popularity within a category is Zipf-skewed; customer activity is heavy-tailed (a few heavy buyers,
/// many light ones); a session browses one category (now and then a product's complement in another),
/// and views turn into carts, purchases and ratings at realistic rates. Deterministic for a seed.
/// </summary>
public static class SyntheticShopGenerator
{
    public static IReadOnlyList<string> Categories { get; } =
    [
        "shoes", "jackets", "books", "kitchen", "toys", "games",
        "garden", "beauty", "sports", "music", "electronics", "groceries",
    ];

    /// <summary>How much more a customer's personally preferred items weigh than their popularity alone.</summary>
    private const double PreferredWeight = 8;

    private static readonly string[] Adjectives =
        ["classic", "urban", "cosy", "bright", "compact", "deluxe", "eco", "smart", "vintage", "pro", "mini", "bold"];

    public static SyntheticShop Generate(SyntheticShopOptions options, DateTimeOffset end)
    {
        options.Validate();
        var random = new Random(options.Seed);
        var products = GenerateProducts(options.Products, random);
        var byCategory = Categories.Select(c => products.Where(p => p.Product.Category == c).ToArray()).ToArray();
        var shelves = byCategory.Select(shelf => ShelfPopularity(shelf.Length)).ToArray();
        var customers = Enumerable.Range(1, options.Customers).Select(i => NewCustomer(i, random)).ToArray();
        var activity = new CumulativeWeights(customers.Select(c => c.Activity).ToArray());
        var start = end.AddDays(-options.HistoryDays);

        var events = new List<DatasetInteraction>(options.Events + 16);
        while (events.Count < options.Events)
        {
            var customer = customers[activity.Sample(random)];
            var sessionStart = start + TimeSpan.FromSeconds(random.NextDouble() * (end - start).TotalSeconds);
            AddSession(customer, sessionStart, end, byCategory, shelves, products, random, events);
        }
        events.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        if (events.Count > options.Events) events.RemoveRange(options.Events, events.Count - options.Events);
        return new SyntheticShop(products.Select(p => p.Product).ToList(), events);
    }

    /// <summary>
    /// The latent tastes of the shop <see cref="Generate"/> makes with the same options (the same draws, without the
    /// events), for simulating what its customers would do with a list they are shown.
    /// </summary>
    public static SyntheticTastes Tastes(SyntheticShopOptions options)
    {
        options.Validate();
        var random = new Random(options.Seed);
        GenerateProducts(options.Products, random);
        var customers = Enumerable.Range(1, options.Customers).Select(i => NewCustomer(i, random))
            .ToDictionary(c => c.Id, c => (c.TasteWeights, c.PreferenceSeed), StringComparer.Ordinal);
        return new SyntheticTastes(customers, Categories.Count, PreferredWeight);
    }

    /// <summary>Whether the customer of <paramref name="seed"/> personally prefers the product at this rank of the category's shelf.</summary>
    internal static bool Prefers(ulong seed, int category, int rank)
    {
        // SplitMix64 finaliser: a well-mixed 64-bit hash of (customer, category, item).
        var z = seed + (ulong)(category * 1_000_003 + rank) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return z % 100 < 5;
    }

    private static void AddSession(
        Customer customer, DateTimeOffset at, DateTimeOffset end, GeneratedProduct[][] byCategory, CumulativeWeights[] shelves,
        IReadOnlyList<GeneratedProduct> all, Random random, List<DatasetInteraction> events)
    {
        var category = customer.Taste.Sample(random);
        var shelf = byCategory[category];
        var views = 1 + (int)(random.NextDouble() * random.NextDouble() * 8);
        for (var v = 0; v < views; v++)
        {
            var product = shelf[PickOnShelf(customer, category, shelves[category], random)];
            // Now and then the customer follows a product to its complement in another category.
            if (random.NextDouble() < 0.15) product = all[product.ComplementIndex];
            at = at.AddSeconds(20 + random.Next(120));
            Add(events, customer, product, DatasetInteractionKind.View, 0, at);
            if (random.NextDouble() < 0.3) Add(events, customer, product, DatasetInteractionKind.Click, 0, at.AddSeconds(5));
            if (random.NextDouble() >= 0.12) continue;
            at = at.AddSeconds(30);
            Add(events, customer, product, DatasetInteractionKind.AddToCart, 1, at);
            if (random.NextDouble() >= 0.45) continue;
            at = at.AddSeconds(60);
            var amount = Math.Round((1 + random.Next(2)) * product.Product.Price, 2);
            Add(events, customer, product, DatasetInteractionKind.Purchase, amount, at);
            // Rated a few days later, but never after the end of the history.
            var ratedAt = at.AddDays(3) < end ? at.AddDays(3) : end;
            if (random.NextDouble() < 0.3) Add(events, customer, product, DatasetInteractionKind.Rating, 3 + random.Next(3), ratedAt);
        }
    }

    private static void Add(List<DatasetInteraction> events, Customer customer, GeneratedProduct product,
        DatasetInteractionKind kind, double value, DateTimeOffset at) =>
        events.Add(new DatasetInteraction($"demo-{events.Count}", customer.Id, product.Product.ProductId, kind, value, at));

    private static List<GeneratedProduct> GenerateProducts(int count, Random random)
    {
        var products = new List<GeneratedProduct>(count);
        for (var i = 0; i < count; i++)
        {
            var category = Categories[i % Categories.Count];
            var id = $"P{i + 1:D5}";
            var title = $"{Adjectives[random.Next(Adjectives.Length)]} {category} item {i / Categories.Count + 1}";
            var price = Math.Round(5 + 200 * Math.Pow(random.NextDouble(), 2), 2);
            var complement = (i + Categories.Count / 2 + Categories.Count * random.Next(count / Categories.Count)) % count;
            products.Add(new GeneratedProduct(new DatasetProduct(id, title, category, price), complement));
        }
        return products;
    }

    private static Customer NewCustomer(int index, Random random)
    {
        // Taste: most weight on one to three favourite categories, a little on the rest.
        var taste = Enumerable.Range(0, Categories.Count).Select(_ => 0.05 * random.NextDouble()).ToArray();
        var favourites = 1 + random.Next(3);
        for (var f = 0; f < favourites; f++) taste[random.Next(Categories.Count)] += 1.0 / (f + 1);
        // Heavy-tailed activity (Pareto, alpha 1.5).
        var activity = 1 / Math.Pow(1 - random.NextDouble(), 1 / 1.5);
        return new Customer($"C{index:D6}", new CumulativeWeights(taste), taste, (ulong)random.NextInt64(), activity);
    }

    /// <summary>Within a category popularity is Zipf-skewed (exponent 1.1), shared by every customer.</summary>
    private static CumulativeWeights ShelfPopularity(int shelfSize) =>
        new(Enumerable.Range(1, shelfSize).Select(rank => Math.Pow(rank, -1.1)).ToArray());

    /// <summary>
    /// A product of the shelf drawn by shared popularity times the customer's own preference: a personal
    /// 5% of the items weigh 8 times more. Which items those are follows from a hash of the customer's seed,
    /// so nothing per customer and item is stored (a table would take products × customers memory); the
    /// draw is by rejection: a popular pick is kept with probability weight / 8.
    /// </summary>
    private static int PickOnShelf(Customer customer, int category, CumulativeWeights popularity, Random random)
    {
        while (true)
        {
            var rank = popularity.Sample(random);
            if (Prefers(customer.PreferenceSeed, category, rank) || random.NextDouble() < 1.0 / PreferredWeight) return rank;
        }
    }

    private sealed record GeneratedProduct(DatasetProduct Product, int ComplementIndex);

    private sealed record Customer(string Id, CumulativeWeights Taste, double[] TasteWeights, ulong PreferenceSeed, double Activity);
}
