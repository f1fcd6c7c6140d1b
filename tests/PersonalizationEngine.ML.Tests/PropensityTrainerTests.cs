using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Propensity;

namespace PersonalizationEngine.ML.Tests;

/// <summary>
/// A shop with known behaviour: each customer orders as a Poisson process with one of three weekly
/// rates, so the true probability of no order in the next 30 days is exp(−rate·30/7); an order holds the
/// customer's favourite product with probability 0.7, else a random one.
/// </summary>
public sealed class PropensityTrainerTests
{
    private static readonly double[] WeeklyRates = [0.05, 0.3, 1.0];
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int Days = 240;
    private const int Products = 30;

    private static readonly Lazy<(List<CustomerEvent> Events, Dictionary<string, double> Rates, PropensityModels Models)> Trained = new(() =>
    {
        var (events, rates) = Generate(1_200, seed: 3);
        var options = new PropensityOptions { TrainingWindows = 3, UseTaste = false, Trees = new BoostedTreeOptions { Trees = 60, Threads = 1 } };
        var models = PropensityTrainer.Train(events, Catalog(), options);
        return (events, rates, models);
    });

    [Fact]
    public void Churn_probabilities_match_the_known_ones_per_behaviour()
    {
        var (events, rates, models) = Trained.Value;
        var (replay, latest) = ReplayAll(events);

        foreach (var rate in WeeklyRates)
        {
            var predicted = replay.Customers.Where(c => rates[c.Key] == rate && c.Value.LastPurchaseAt is not null)
                .Select(c => models.Predictor.Churn.Predict(PropensityFeatures.ForCustomer(c.Value, replay, latest))).Average();
            var truth = Math.Exp(-rate * 30 / 7);
            Assert.True(Math.Abs(predicted - truth) < 0.1, $"weekly rate {rate}: predicted churn {predicted:F3}, true {truth:F3}");
        }
        Assert.True(models.Evaluation.Churn.Auc > 0.75, $"churn AUC {models.Evaluation.Churn.Auc:F3}");
    }

    [Fact]
    public void Purchase_propensity_ranks_the_favourite_product_first_and_beats_chance()
    {
        var (events, _, models) = Trained.Value;
        var (replay, latest) = ReplayAll(events);
        var (customerId, customer) = replay.Customers.First(c => c.Value.PurchaseDays >= 10);
        var favourite = $"P{Favourite(customerId)}";
        var other = Enumerable.Range(0, Products).Select(i => $"P{i}").First(p => p != favourite);

        double Propensity(string product) => models.Predictor.Purchase.Predict(PropensityFeatures.ForPair(customer, product, replay, 0, latest));

        Assert.True(Propensity(favourite) > Propensity(other) + 0.2, $"{favourite}: {Propensity(favourite):F3}, {other}: {Propensity(other):F3}");
        Assert.True(models.Evaluation.Propensity.Auc > 0.75, $"propensity AUC {models.Evaluation.Propensity.Auc:F3}");
        Assert.True(models.Evaluation.Propensity.Auc > models.Evaluation.PropensityBaseline.Auc - 0.02);
    }

    [Fact]
    public void A_window_holds_about_its_maximum_of_pairs_and_the_model_still_ranks()
    {
        var (events, _, models) = Trained.Value;
        var unbounded = models.Evaluation;
        const int maxPairs = 4_000;
        var options = new PropensityOptions
        {
            TrainingWindows = 3, UseTaste = false, MaxPairsPerWindow = maxPairs, Trees = new BoostedTreeOptions { Trees = 60, Threads = 1 },
        };

        var bounded = PropensityTrainer.Train(events, Catalog(), options).Evaluation;

        // Each window has over 20,000 pairs here: unbounded, half the negatives of three windows train.
        Assert.True(unbounded.TrainingPairs > 3 * 10_000, $"{unbounded.TrainingPairs} pairs without a maximum");
        // Bounded, each window keeps about the maximum; the positives are all kept, so somewhat more.
        Assert.InRange(bounded.TrainingPairs, 3 * maxPairs * 0.8, 3 * maxPairs * 1.5);
        // The held-out window scores every pair of about a maximum's worth of its customers.
        Assert.InRange(bounded.Propensity.Count, maxPairs * 0.8, maxPairs * 1.2);
        Assert.True(bounded.Propensity.Auc > 0.75, $"propensity AUC {bounded.Propensity.Auc:F3}");
    }

    [Fact]
    public void A_saved_predictor_predicts_the_same_after_loading()
    {
        var (events, _, models) = Trained.Value;
        using var stream = new MemoryStream();
        models.Predictor.Save(stream);
        stream.Position = 0;
        var loaded = PropensityPredictor.Load(stream);
        var (replay, latest) = ReplayAll(events);
        var customer = replay.Customers.Values.First(c => c.Products.Count > 0);
        var productId = customer.Products.Keys.First();
        var pair = PropensityFeatures.ForPair(customer, productId, replay, 0, latest);
        var churn = PropensityFeatures.ForCustomer(customer, replay, latest);

        Assert.Equal(models.Predictor.HorizonDays, loaded.HorizonDays);
        Assert.Equal(models.Predictor.UsesTaste, loaded.UsesTaste);
        Assert.Equal(models.Predictor.PurchaseProbability(pair), loaded.PurchaseProbability(pair), 9);
        Assert.Equal(models.Predictor.ChurnProbability(churn), loaded.ChurnProbability(churn), 9);
    }

    [Fact]
    public void Review_scores_before_the_cutoff_become_the_products_sentiment_features()
    {
        var (events, _) = Generate(customers: 20, seed: 3);
        ScoredReview[] reviews = [new("P1", 0.8, Start.AddDays(1)), new("P1", -0.4, Start.AddDays(2)), new("P1", -1, Start.AddDays(50))];
        var replay = new ActivityReplay(events.OrderBy(e => e.OccurredAt).ToList(), Catalog().AsReadOnly(), reviews);
        var now = Start.AddDays(10);
        replay.AdvanceTo(now);

        var reviewed = PropensityFeatures.ForPair(new CustomerActivity(), "P1", replay, 0, now);
        var unreviewed = PropensityFeatures.ForPair(new CustomerActivity(), "P2", replay, 0, now);

        var score = PropensityFeatures.PairNames.ToList().IndexOf("product_review_score");
        var count = PropensityFeatures.PairNames.ToList().IndexOf("product_reviews");
        Assert.Equal(0.2, reviewed[score], 1e-6);
        Assert.Equal(Math.Log(3), reviewed[count], 1e-6);
        Assert.Equal((0f, 0f), (unreviewed[score], unreviewed[count]));
    }

    /// <summary>The state serving would hold after every event, and the time of the latest.</summary>
    private static (ActivityReplay Replay, DateTimeOffset Latest) ReplayAll(List<CustomerEvent> events)
    {
        var latest = events.Max(e => e.OccurredAt);
        var replay = new ActivityReplay(events.OrderBy(e => e.OccurredAt).ToList(), Catalog().AsReadOnly());
        replay.AdvanceTo(latest.AddTicks(1));
        return (replay, latest);
    }

    private static int Favourite(string customerId) => int.Parse(customerId[1..]) % Products;

    private static Dictionary<string, DatasetProduct> Catalog() =>
        Enumerable.Range(0, Products).ToDictionary(i => $"P{i}", i => new DatasetProduct($"P{i}", $"product {i}", $"cat{i % 3}", 5 + i));

    private static (List<CustomerEvent> Events, Dictionary<string, double> Rates) Generate(int customers, int seed)
    {
        var random = new Random(seed);
        var events = new List<CustomerEvent>();
        var rates = new Dictionary<string, double>();
        for (var c = 0; c < customers; c++)
        {
            var id = $"C{c}";
            var rate = WeeklyRates[c % WeeklyRates.Length];
            rates[id] = rate;
            // Exponential gaps between orders (days).
            for (var day = -Math.Log(1 - random.NextDouble()) * 7 / rate; day < Days; day += -Math.Log(1 - random.NextDouble()) * 7 / rate)
            {
                var product = random.NextDouble() < 0.7 ? Favourite(id) : random.Next(Products);
                events.Add(new CustomerEvent(id, $"P{product}", BehaviourKind.Purchase, 10, Start.AddDays(day)));
            }
        }
        return (events, rates);
    }
}
