using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Serving;
using PersonalizationEngine.Training;
using static PersonalizationEngine.Server.Ingestion.RequestValidation;

namespace PersonalizationEngine.Server.Services;

/// <summary>
/// PropensityService: GetPurchasePropensity (one customer, up to Engine:Propensity:MaxProductsPerRequest
/// products) and GetChurnRisk. Unknown customers and products are scored as new ones. Before the first
/// propensity model is published both answer FAILED_PRECONDITION, saying why.
/// </summary>
public sealed class PropensityGrpcService(PropensityScorer scorer, IOptions<EngineOptions> engine, IOptions<PropensityServingOptions> propensity)
    : PropensityService.PropensityServiceBase
{
    private readonly int _maxIdLength = engine.Value.MaxIdLength;
    private readonly int _maxProducts = propensity.Value.MaxProductsPerRequest;

    public override async Task<PurchasePropensityResponse> GetPurchasePropensity(PurchasePropensityRequest request, ServerCallContext context)
    {
        var customerId = RequireId(request.CustomerId, "customer_id", _maxIdLength);
        if (request.ProductIds.Count == 0) throw Invalid("product_ids", "must name at least one product");
        if (request.ProductIds.Count > _maxProducts) throw Invalid("product_ids", $"must name at most {_maxProducts} products (Engine:Propensity:MaxProductsPerRequest)");
        var productIds = request.ProductIds.Select((id, i) => RequireId(id, $"product_ids[{i}]", _maxIdLength)).ToArray();
        var model = scorer.Current ?? throw NotTrained();
        var probabilities = await scorer.PurchaseAsync(model.Model, customerId, productIds);
        var response = new PurchasePropensityResponse { HorizonDays = model.Model.HorizonDays, ModelVersion = model.VersionName };
        response.Propensities.AddRange(productIds.Select((id, i) => new ProductPropensity { ProductId = id, Probability = probabilities[i] }));
        return response;
    }

    public override async Task<ChurnRiskResponse> GetChurnRisk(ChurnRiskRequest request, ServerCallContext context)
    {
        var customerId = RequireId(request.CustomerId, "customer_id", _maxIdLength);
        var model = scorer.Current ?? throw NotTrained();
        var probability = await scorer.ChurnAsync(model.Model, customerId);
        return new ChurnRiskResponse { Probability = probability, HorizonDays = model.Model.HorizonDays, ModelVersion = model.VersionName };
    }

    private static RpcException NotTrained() => new(new Status(StatusCode.FailedPrecondition,
        "the propensity model is not trained yet: it needs more history than its training windows span (ModelAdminService.GetModelStatus says why)"));
}
