using Grpc.Core;
using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.FloorServer;

/// <summary>
/// RecommendationService answered with a fixed 10-item list, either at once or after one grain call:
/// what the same proto costs over grpc-dotnet (and Orleans) before any recommendation work.
/// </summary>
public sealed class FixedRecommendationService(FloorSettings settings, IGrainFactory grains) : RecommendationService.RecommendationServiceBase
{
    private static readonly RecommendedItem[] Items = Enumerable.Range(1, 10)
        .Select(i => new RecommendedItem { ProductId = $"P{i:D6}", Score = 1.0 / i, Reason = "popular now", Category = "floor" })
        .ToArray();

    public override async Task<RecommendResponse> Recommend(RecommendRequest request, ServerCallContext context)
    {
        if (settings.GrainCall) await grains.GetGrain<IFloorGrain>(request.CustomerId).GetProfileAsync();
        return Answer(request.Count);
    }

    public override Task<SimilarProductsResponse> SimilarProducts(SimilarProductsRequest request, ServerCallContext context)
    {
        var response = new SimilarProductsResponse { ModelVersion = "floor" };
        response.Items.AddRange(Items.Take(Math.Clamp(request.Count, 0, Items.Length)));
        return Task.FromResult(response);
    }

    private static RecommendResponse Answer(int count)
    {
        var response = new RecommendResponse { ModelVersion = "floor" };
        response.Items.AddRange(Items.Take(Math.Clamp(count, 0, Items.Length)));
        return response;
    }
}
