using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.Serving;

/// <summary>
/// Every catalog product's text (title, category, tags) embedded by the sentence encoder, kept up to date in the
/// background: after an upsert the products whose text changed are encoded in batches, off every request's path,
/// so a new product has its embedding a moment after it is upserted. Cold start reads them (<see cref="ColdStartProducts"/>).
/// Nothing is encoded when the encoder is off (Engine:Text:Encoder = none).
/// </summary>
public sealed class ProductTextEmbeddings(LiveCatalog catalog, IOptions<TextServingOptions> options, ILogger<ProductTextEmbeddings> logger) : BackgroundService
{
    private const int BatchSize = 64;
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);
    private readonly ConcurrentDictionary<string, (string Text, float[] Vector)> _embeddings = new(StringComparer.Ordinal);
    private int _version;

    /// <summary>Changes whenever an embedding is added or replaced.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>The product's embedding as of its current text; null before it is encoded (or with the encoder off).</summary>
    public float[]? Of(ProductInfo product) =>
        _embeddings.TryGetValue(product.ProductId, out var known) && known.Text == TextOf(product) ? known.Vector : null;

    public static string TextOf(ProductInfo product) => TextFactorModel.TextOf(product.Title, product.Category, product.Tags);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Encoder == TextServingOptions.None) return;
        var seen = -1;
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(CheckInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var version = catalog.Version;
            if (version == seen) continue;
            try
            {
                await Task.Run(EncodeChanged, stoppingToken).ConfigureAwait(false);
                seen = version;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not embed product texts; cold start uses shared words until it can");
                seen = version;
            }
        }
    }

    private void EncodeChanged()
    {
        var changed = catalog.Products.Where(p => Of(p) is null).ToList();
        if (changed.Count == 0 || options.Value.Open() is not { } encoder) return;
        foreach (var batch in changed.Chunk(BatchSize))
        {
            var texts = batch.Select(TextOf).ToArray();
            var vectors = encoder.Encode(texts);
            for (var i = 0; i < batch.Length; i++) _embeddings[batch[i].ProductId] = (texts[i], vectors[i]);
            Interlocked.Increment(ref _version);
        }
    }
}
