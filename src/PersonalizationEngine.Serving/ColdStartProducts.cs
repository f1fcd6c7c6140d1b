using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.Serving;

/// <summary>
/// The catalog's products that the serving model has not seen (added after its training, or never
/// interacted with), each with a factor from its content: from the known products nearest by the sentence
/// encoder's embedding of its text (<see cref="TextFactorModel"/>) once its embedding is ready, else from the
/// category, tags and title words it shares with known products (<see cref="ContentFactorModel"/>). The models are
/// fitted once per model version (the text one again as known products' embeddings arrive); a product's text
/// factor is kept while its text and the model stay; the list is rebuilt when the catalog or an embedding changes.
/// A new version is prepared by whoever publishes it (<see cref="Prepare"/>, before it serves), so no request
/// fits them: requests that did, right after each swap, waited 0.3–0.7 s while every model retrained.
/// Each version keeps its own (a challenger in an experiment serves beside the current one) for as long as it lives.
/// </summary>
public sealed class ColdStartProducts(LiveCatalog catalog, ProductTextEmbeddings embeddings)
{
    private readonly ConditionalWeakTable<ServingModel<ItemFactorSnapshot>, Fitted> _byModel = new();

    /// <summary>Fits what <paramref name="model"/> needs before it serves.</summary>
    public void Prepare(ServingModel<ItemFactorSnapshot> model) => For(model);

    public ColdStartFactors For(ServingModel<ItemFactorSnapshot> model)
    {
        var fitted = _byModel.GetValue(model, m => new Fitted(m, ContentFactorModel.Fit(m.Model,
            id => catalog.GetInfo(id) is { } p ? ContentFactorModel.Tokens(p.Category, p.Tags, p.Title) : null)));
        var (version, textVersion) = (catalog.Version, embeddings.Version);
        var products = fitted.Products;
        if (products is not null && products.CatalogVersion == version && products.TextVersion == textVersion) return products.Products;

        var text = TextFor(fitted, textVersion);
        var cold = new List<(string, float[])>();
        foreach (var product in catalog.Products)
        {
            if (!product.Available || model.Model.TryGetIndex(product.ProductId, out _)) continue;
            var factor = TextFactorOf(product, text) ?? fitted.Content.FactorFor(ContentFactorModel.Tokens(product.Category, product.Tags, product.Title));
            if (factor is not null) cold.Add((product.ProductId, factor));
        }
        var factors = ColdStartFactors.From(cold);
        fitted.Products = new ProductCache(version, textVersion, factors);
        return factors;
    }

    private float[]? TextFactorOf(ProductInfo product, TextCache text)
    {
        if (embeddings.Of(product) is not { } embedding) return null;
        var key = ProductTextEmbeddings.TextOf(product);
        if (text.Factors.TryGetValue(product.ProductId, out var known) && known.Text == key) return known.Factor;
        var factor = text.Nearest.FactorFor(embedding);
        // Kept only once every known product is embedded: until then a later fit knows more neighbours.
        if (factor is not null && text.Complete) text.Factors[product.ProductId] = (key, factor);
        return factor;
    }

    private TextCache TextFor(Fitted fitted, int textVersion)
    {
        var text = fitted.Text;
        if (text is not null && (text.Complete || text.TextVersion == textVersion)) return text;
        var snapshot = fitted.Model.Model;
        var known = snapshot.ItemIds.Select(id => catalog.GetInfo(id) is { } p ? embeddings.Of(p) : null).ToArray();
        return fitted.Text = new TextCache(textVersion, new TextFactorModel(snapshot.ItemFactors, snapshot.Factors, known), known.All(e => e is not null),
            new ConcurrentDictionary<string, (string, float[])>(StringComparer.Ordinal));
    }

    /// <summary>One model version's content model, text model and cold-start products (each replaced whole, never changed).</summary>
    private sealed class Fitted(ServingModel<ItemFactorSnapshot> model, ContentFactorModel content)
    {
        public ServingModel<ItemFactorSnapshot> Model { get; } = model;
        public ContentFactorModel Content { get; } = content;
        public volatile TextCache? Text;
        public volatile ProductCache? Products;
    }

    private sealed record TextCache(int TextVersion, TextFactorModel Nearest, bool Complete,
        ConcurrentDictionary<string, (string Text, float[] Factor)> Factors);

    private sealed record ProductCache(int CatalogVersion, int TextVersion, ColdStartFactors Products);
}
