using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.ML.Forecasting;
using ApiForecastPoint = PersonalizationEngine.Api.V1.ForecastPoint;
using ApiGranularity = PersonalizationEngine.Api.V1.ForecastGranularity;
using ForecastGranularity = PersonalizationEngine.ML.Forecasting.ForecastGranularity;
using ForecastPoint = PersonalizationEngine.ML.Forecasting.ForecastPoint;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Serving;
using PersonalizationEngine.Training;
using static PersonalizationEngine.Server.Ingestion.RequestValidation;

namespace PersonalizationEngine.Server.Services;

/// <summary>
/// ForecastService: GetDemandForecast for one product, or the sum over a category's products, by day (1 to
/// Engine:Forecast:MaxHorizonDays days) or by hour (1 to Engine:Forecast:MaxHorizonHours hours), from the day after
/// the newest history the model was fitted on (each point carries the start of its day or hour). A product without
/// sales in that history is forecast at 0, saying so. Before the first fit it answers FAILED_PRECONDITION.
/// </summary>
public sealed class ForecastGrpcService(
    ModelStore<DemandForecastModel> store, LiveCatalog catalog, IOptions<EngineOptions> engine, IOptions<ForecastServingOptions> forecast)
    : ForecastService.ForecastServiceBase
{
    private const string NoHistory = "zero (no sales history)";
    private readonly int _maxIdLength = engine.Value.MaxIdLength;
    private readonly ForecastServingOptions _limits = forecast.Value;

    public override Task<DemandForecastResponse> GetDemandForecast(DemandForecastRequest request, ServerCallContext context)
    {
        var (granularity, horizon) = GranularityAndHorizon(request);
        var category = OptionalId(request.Category, "category", _maxIdLength);
        var productId = OptionalId(request.ProductId, "product_id", _maxIdLength);
        if (category is not null && productId is not null) throw Invalid("category", "ask for a product or a category, not both");
        if (category is null && productId is null) throw Invalid("product_id", "name a product (or a category)");
        var model = store.Current ?? throw new RpcException(new Status(StatusCode.FailedPrecondition,
            "the demand forecast is not fitted yet: it needs purchase events (ModelAdminService.GetModelStatus says why)"));

        var (points, method) = category is null ? ForProduct(model.Model, productId!, granularity) : ForCategory(model.Model, category, granularity);
        var response = new DemandForecastResponse { Method = method, ModelVersion = model.VersionName };
        response.Points.AddRange(points.Take(horizon).Select((p, h) => ToMessage(p, model.Model.TimeOf(h, granularity))));
        return Task.FromResult(response);
    }

    /// <summary>The step asked for and how many of them: horizon_days for days, horizon_hours for hours, never both.</summary>
    private (ForecastGranularity Granularity, int Horizon) GranularityAndHorizon(DemandForecastRequest request)
    {
        switch (request.Granularity)
        {
            case ApiGranularity.Unspecified or ApiGranularity.Day:
                if (request.HorizonHours != 0) throw Invalid("horizon_hours", "is for granularity HOUR; a daily forecast takes horizon_days");
                return (ForecastGranularity.Day, RequireCount(request.HorizonDays, "horizon_days", _limits.MaxHorizonDays));
            case ApiGranularity.Hour:
                if (request.HorizonDays != 0) throw Invalid("horizon_days", "is for granularity DAY; an hourly forecast takes horizon_hours");
                return (ForecastGranularity.Hour, RequireCount(request.HorizonHours, "horizon_hours", _limits.HourlyHorizon));
            default:
                throw Invalid("granularity", $"unknown value {(int)request.Granularity} (DAY or HOUR)");
        }
    }

    private static (IReadOnlyList<ForecastPoint> Points, string Method) ForProduct(DemandForecastModel model, string productId, ForecastGranularity granularity) =>
        model.Of(productId, granularity) is { } forecast ? (forecast.Points, forecast.Method) : (new ForecastPoint[model.Horizon(granularity)], NoHistory);

    private (IReadOnlyList<ForecastPoint> Points, string Method) ForCategory(DemandForecastModel model, string category, ForecastGranularity granularity)
    {
        var products = catalog.Products.Where(p => p.Category == category).Select(p => p.ProductId).ToList();
        var (points, forecast) = model.Total(products, granularity);
        return (points, $"sum of {forecast} product forecasts ({products.Count} products in the category)");
    }

    private static ApiForecastPoint ToMessage(ForecastPoint p, DateTime start) => new()
    {
        Date = Timestamp.FromDateTime(start),
        Units = p.Value,
        Lower80 = p.Lower80,
        Upper80 = p.Upper80,
        Lower95 = p.Lower95,
        Upper95 = p.Upper95,
    };
}
