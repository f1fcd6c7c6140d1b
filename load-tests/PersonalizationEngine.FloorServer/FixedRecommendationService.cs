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
        return new RecommendResponse { ModelVersion = "floor", Items = { First(request.Count) } };
    }

    public override Task<SimilarProductsResponse> SimilarProducts(SimilarProductsRequest request, ServerCallContext context) =>
        Task.FromResult(new SimilarProductsResponse { ModelVersion = "floor", Items = { First(request.Count) } });

    private static IEnumerable<RecommendedItem> First(int count) => Items.Take(Math.Clamp(count, 0, Items.Length));
}
