using System.Collections.Concurrent;
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
/// </summary>
public sealed class ColdStartProducts(LiveCatalog catalog, ProductTextEmbeddings embeddings)
{
    private volatile ContentCache? _content;
    private volatile TextCache? _text;
    private volatile ProductCache? _products;

    public ColdStartFactors For(ServingModel<ItemFactorSnapshot> model)
    {
        var (version, textVersion) = (catalog.Version, embeddings.Version);
        var products = _products;
        if (products is not null && products.Model == model && products.CatalogVersion == version && products.TextVersion == textVersion) return products.Products;

        var content = ContentFor(model);
        var text = TextFor(model, textVersion);
        var cold = new List<(string, float[])>();
        foreach (var product in catalog.Products)
        {
            if (!product.Available || model.Model.TryGetIndex(product.ProductId, out _)) continue;
            var factor = TextFactorOf(product, text) ?? content.FactorFor(ContentFactorModel.Tokens(product.Category, product.Tags, product.Title));
            if (factor is not null) cold.Add((product.ProductId, factor));
        }
        var factors = ColdStartFactors.From(cold);
        _products = new ProductCache(model, version, textVersion, factors);
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

    private ContentFactorModel ContentFor(ServingModel<ItemFactorSnapshot> model)
    {
        var content = _content;
        if (content is not null && content.Model == model) return content.Content;
        var fitted = ContentFactorModel.Fit(model.Model,
            id => catalog.GetInfo(id) is { } p ? ContentFactorModel.Tokens(p.Category, p.Tags, p.Title) : null);
        _content = new ContentCache(model, fitted);
        return fitted;
    }

    private TextCache TextFor(ServingModel<ItemFactorSnapshot> model, int textVersion)
    {
        var text = _text;
        if (text is not null && text.Model == model && (text.Complete || text.TextVersion == textVersion)) return text;
        var snapshot = model.Model;
        var known = snapshot.ItemIds.Select(id => catalog.GetInfo(id) is { } p ? embeddings.Of(p) : null).ToArray();
        var fitted = new TextCache(model, textVersion, new TextFactorModel(snapshot.ItemFactors, snapshot.Factors, known), known.All(e => e is not null),
            new ConcurrentDictionary<string, (string, float[])>(StringComparer.Ordinal));
        _text = fitted;
        return fitted;
    }

    private sealed record ContentCache(ServingModel<ItemFactorSnapshot> Model, ContentFactorModel Content);

    private sealed record TextCache(ServingModel<ItemFactorSnapshot> Model, int TextVersion, TextFactorModel Nearest, bool Complete,
        ConcurrentDictionary<string, (string Text, float[] Factor)> Factors);

    private sealed record ProductCache(ServingModel<ItemFactorSnapshot> Model, int CatalogVersion, int TextVersion, ColdStartFactors Products);
}
