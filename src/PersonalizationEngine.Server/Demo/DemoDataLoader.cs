using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.ML.Datasets;
using PersonalizationEngine.ML.Synthetic;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Ingestion;

namespace PersonalizationEngine.Server.Demo;

/// <summary>
/// Loads the generated demo shop (catalog, offers, behaviour and reviews) through the normal write path
/// (event log, then grains) on first start
/// with an empty data folder, or when asked with --demo. Event ids are fixed, so loading twice adds nothing.
/// The server answers while it loads.
/// </summary>
public sealed class DemoDataLoader(EventIngestion ingestion, IOptions<EngineOptions> options, TimeProvider time, ILogger<DemoDataLoader> logger)
    : BackgroundService
{
    private const int Batch = 2_000;

    private const int DemoHistoryDays = 120;

    private const int DemoCorpusTexts = 4_000;

    private const int Seed = 42;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var empty = ingestion.Log.CommittedSequence == 0;
        if (!settings.Demo && !(settings.DemoOnFirstStart && empty)) return;
        await Task.Yield();

        // The labelled reviews the first sentiment model trains on (Sentiment:CorpusPaths names this file).
        SyntheticReviews.WriteCorpus(Path.Combine(settings.DataFolder, EngineOptions.DemoCorpus), SyntheticReviews.Corpus(DemoCorpusTexts, Seed));
        var (products, events) = Generate(settings, time.GetUtcNow());
        logger.LogInformation("Loading the demo shop: {Products} products, {Customers} customers, {Events} events",
            products.Count, settings.DemoCustomers, events.Count);
        await ingestion.UpsertProductsAsync(products, stoppingToken);
        await ingestion.UpsertOffersAsync(DemoOffers.For(products, time.GetUtcNow()), stoppingToken);
        for (var offset = 0; offset < events.Count; offset += Batch)
        {
            var batch = events.Skip(offset).Take(Batch).ToArray();
            await ingestion.TrackBulkAsync(batch, stoppingToken);
            if (offset / Batch % 25 == 0) logger.LogInformation("Demo shop: {Done:N0} of {Total:N0} events", offset + batch.Length, events.Count);
        }
        logger.LogInformation("Demo shop loaded");
    }

    /// <summary>
    /// The demo shop of the configured size: its catalog, and its behaviour with review events merged in
    /// time order. 120 days: enough history for the propensity model's 30-day horizon to train on two
    /// windows and hold one out.
    /// </summary>
    public static (IReadOnlyList<ProductInfo> Products, IReadOnlyList<TrackedEvent> Events) Generate(EngineOptions settings, DateTimeOffset now)
    {
        var shop = SyntheticShopGenerator.Generate(
            new SyntheticShopOptions(settings.DemoCustomers, settings.DemoProducts, settings.DemoEvents, HistoryDays: DemoHistoryDays), now);
        var events = shop.Events.Select(ToEvent).Concat(SyntheticReviews.ForShop(shop, Seed).Select(ToEvent)).OrderBy(e => e.OccurredAt).ToList();
        return (shop.Products.Select(ToProduct).ToArray(), events);
    }

    private static ProductInfo ToProduct(DatasetProduct p) =>
        new(p.ProductId, p.Title, p.Category, [p.Category], p.Price, true, new Dictionary<string, string>());

    private static TrackedEvent ToEvent(DatasetInteraction e) => new(
        0, e.EventId, e.CustomerId, e.ProductId, ToType(e.Kind), e.OccurredAt, e.Value, null, null, null);

    private static TrackedEvent ToEvent(SyntheticReview r) => new(
        0, r.EventId, r.CustomerId, r.ProductId, InteractionType.Review, r.OccurredAt, r.Stars, r.Text, null, null);

    private static InteractionType ToType(DatasetInteractionKind kind) => kind switch
    {
        DatasetInteractionKind.View => InteractionType.View,
        DatasetInteractionKind.Click => InteractionType.Click,
        DatasetInteractionKind.AddToCart => InteractionType.AddToCart,
        DatasetInteractionKind.Purchase => InteractionType.Purchase,
        DatasetInteractionKind.Rating => InteractionType.Rating,
        DatasetInteractionKind.Return => InteractionType.Return,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
