using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Ranking;

namespace PersonalizationEngine.Serving;

/// <summary>
/// The catalog's products that the serving model has not seen (added after its training, or never
/// interacted with), each with a factor from its content (<see cref="ContentFactorModel"/>). The content
/// model is fitted once per model version; the list is rebuilt when the catalog changes.
/// </summary>
public sealed class ColdStartProducts(LiveCatalog catalog)
{
    private volatile ContentCache? _content;
    private volatile ProductCache? _products;

    public ColdStartFactors For(ServingModel<ItemFactorSnapshot> model)
    {
        var version = catalog.Version;
        var products = _products;
        if (products is not null && products.Model == model && products.CatalogVersion == version) return products.Products;

        var content = ContentFor(model);
        var cold = new List<(string, float[])>();
        foreach (var product in catalog.Products)
        {
            if (!product.Available || model.Model.TryGetIndex(product.ProductId, out _)) continue;
            if (content.FactorFor(ContentFactorModel.Tokens(product.Category, product.Tags, product.Title)) is { } factor) cold.Add((product.ProductId, factor));
        }
        var factors = ColdStartFactors.From(cold);
        _products = new ProductCache(model, version, factors);
        return factors;
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

    private sealed record ContentCache(ServingModel<ItemFactorSnapshot> Model, ContentFactorModel Content);

    private sealed record ProductCache(ServingModel<ItemFactorSnapshot> Model, int CatalogVersion, ColdStartFactors Products);
}
