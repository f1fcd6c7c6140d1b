using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.ML.Ranking;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Serving;
using static PersonalizationEngine.Server.Ingestion.RequestValidation;

namespace PersonalizationEngine.Server.Services;

/// <summary>RecommendationService: Recommend and SimilarProducts.</summary>
public sealed class RecommendationGrpcService(Recommender recommender, IOptions<EngineOptions> options)
    : RecommendationService.RecommendationServiceBase
{
    private readonly EngineOptions _options = options.Value;

    public override async Task<RecommendResponse> Recommend(RecommendRequest request, ServerCallContext context)
    {
        var query = new RecommendationQuery(
            CustomerId: RequireId(request.CustomerId, "customer_id", _options.MaxIdLength),
            Count: RequireCount(request.Count, "count", _options.MaxRecommendCount),
            ExcludedProductIds: request.ExcludeProductIds.Select((id, i) => RequireId(id, $"exclude_product_ids[{i}]", _options.MaxIdLength)).ToArray(),
            Categories: request.Categories.Select((c, i) => RequireId(c, $"categories[{i}]", _options.MaxIdLength)).ToHashSet(StringComparer.Ordinal),
            IncludePurchased: request.IncludePurchased,
            Diversity: RequireFinite(request.Diversity, "diversity") is >= 0 and <= 1 ? request.Diversity : throw Invalid("diversity", "must be between 0 and 1"),
            ContextProductId: OptionalId(request.ContextProductId, "context_product_id", _options.MaxIdLength),
            Prefetch: request.Prefetch);
        var recommendation = await recommender.RecommendAsync(query);
        var response = new RecommendResponse
        {
            ModelVersion = recommendation.ModelVersion,
            RecommendationId = recommendation.RecommendationId ?? "",
            Experiment = recommendation.Experiment ?? "",
            Arm = recommendation.Arm ?? "",
        };
        response.Items.AddRange(recommendation.Items.Select(ToMessage));
        return response;
    }

    public override async Task<SimilarProductsResponse> SimilarProducts(SimilarProductsRequest request, ServerCallContext context)
    {
        var productId = RequireId(request.ProductId, "product_id", _options.MaxIdLength);
        var count = RequireCount(request.Count, "count", _options.MaxRecommendCount);
        var customerId = OptionalId(request.CustomerId, "customer_id", _options.MaxIdLength);
        var recommendation = await recommender.SimilarAsync(productId, count, customerId, request.Prefetch);
        var response = new SimilarProductsResponse { ModelVersion = recommendation.ModelVersion, RecommendationId = recommendation.RecommendationId ?? "" };
        response.Items.AddRange(recommendation.Items.Select(ToMessage));
        return response;
    }

    private static RecommendedItem ToMessage(RankedItem item) => new()
    {
        ProductId = item.ProductId,
        Score = item.Score,
        Reason = item.Reason,
        Category = item.Category,
    };
}
