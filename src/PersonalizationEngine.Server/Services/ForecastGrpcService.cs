using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.ML.Forecasting;
using ApiForecastPoint = PersonalizationEngine.Api.V1.ForecastPoint;
using ForecastPoint = PersonalizationEngine.ML.Forecasting.ForecastPoint;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Serving;
using PersonalizationEngine.Training;
using static PersonalizationEngine.Server.Ingestion.RequestValidation;

namespace PersonalizationEngine.Server.Services;

/// <summary>
/// ForecastService: GetDemandForecast for one product, or the sum over a category's products, for 1 to
/// Engine:Forecast:MaxHorizonDays days from the day after the newest history the model was fitted on (each
/// point carries its date). A product without sales in that history is forecast at 0, saying so. Before
/// the first fit it answers FAILED_PRECONDITION.
/// </summary>
public sealed class ForecastGrpcService(
    ModelStore<DemandForecastModel> store, LiveCatalog catalog, IOptions<EngineOptions> engine, IOptions<ForecastServingOptions> forecast)
    : ForecastService.ForecastServiceBase
{
    private const string NoHistory = "zero (no sales history)";
    private readonly int _maxIdLength = engine.Value.MaxIdLength;
    private readonly int _maxHorizon = forecast.Value.MaxHorizonDays;

    public override Task<DemandForecastResponse> GetDemandForecast(DemandForecastRequest request, ServerCallContext context)
    {
        var horizon = RequireCount(request.HorizonDays, "horizon_days", _maxHorizon);
        var category = OptionalId(request.Category, "category", _maxIdLength);
        var productId = OptionalId(request.ProductId, "product_id", _maxIdLength);
        if (category is not null && productId is not null) throw Invalid("category", "ask for a product or a category, not both");
        if (category is null && productId is null) throw Invalid("product_id", "name a product (or a category)");
        var model = store.Current ?? throw new RpcException(new Status(StatusCode.FailedPrecondition,
            "the demand forecast is not fitted yet: it needs purchase events (ModelAdminService.GetModelStatus says why)"));

        var (points, method) = category is null ? ForProduct(model.Model, productId!) : ForCategory(model.Model, category);
        var response = new DemandForecastResponse { Method = method, ModelVersion = model.VersionName };
        response.Points.AddRange(points.Take(horizon).Select((p, h) => ToMessage(p, model.Model.FirstDay.AddDays(h))));
        return Task.FromResult(response);
    }

    private static (IReadOnlyList<ForecastPoint> Points, string Method) ForProduct(DemandForecastModel model, string productId) =>
        model.Of(productId) is { } forecast ? (forecast.Points, forecast.Method) : (new ForecastPoint[model.Horizon], NoHistory);

    private (IReadOnlyList<ForecastPoint> Points, string Method) ForCategory(DemandForecastModel model, string category)
    {
        var products = catalog.Products.Where(p => p.Category == category).Select(p => p.ProductId).ToList();
        var (points, forecast) = model.Total(products);
        return (points, $"sum of {forecast} product forecasts ({products.Count} products in the category)");
    }

    private static ApiForecastPoint ToMessage(ForecastPoint p, DateOnly day) => new()
    {
        Date = Timestamp.FromDateTime(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)),
        Units = p.Value,
        Lower80 = p.Lower80,
        Upper80 = p.Upper80,
        Lower95 = p.Lower95,
        Upper95 = p.Upper95,
    };
}
