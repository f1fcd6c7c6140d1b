using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Serving;
using PersonalizationEngine.Training;
using static PersonalizationEngine.Server.Ingestion.RequestValidation;
using MlLabel = PersonalizationEngine.ML.Sentiment.SentimentLabel;

namespace PersonalizationEngine.Server.Services;

/// <summary>
/// SentimentService: AnalyzeSentiment scores a batch of texts (up to Engine:Sentiment:MaxTextsPerRequest,
/// each non-empty and at most Engine:MaxTextLength characters) with the serving model; before the first
/// model is published it answers FAILED_PRECONDITION. GetProductSentiment reads the live catalog's
/// aggregate of the product's scored review events; a product without reviews has zero counts (not an error).
/// </summary>
public sealed class SentimentGrpcService(SentimentScorer scorer, LiveCatalog catalog, IOptions<EngineOptions> engine, IOptions<SentimentServingOptions> sentiment)
    : SentimentService.SentimentServiceBase
{
    private readonly EngineOptions _engine = engine.Value;
    private readonly int _maxTexts = sentiment.Value.MaxTextsPerRequest;

    public override Task<AnalyzeSentimentResponse> AnalyzeSentiment(AnalyzeSentimentRequest request, ServerCallContext context)
    {
        RequireBatch(request.Texts.Count, "texts", _maxTexts);
        for (var i = 0; i < request.Texts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(request.Texts[i])) throw Invalid($"texts[{i}]", "must not be empty");
            RequireText(request.Texts[i], $"texts[{i}]", _engine.MaxTextLength);
        }
        var (classifier, version) = scorer.Current ?? throw new RpcException(new Status(StatusCode.FailedPrecondition,
            "the sentiment model is not trained yet: configure Engine:Sentiment:CorpusPaths or send rated review events (ModelAdminService.GetModelStatus says why)"));
        var response = new AnalyzeSentimentResponse { ModelVersion = version };
        response.Results.AddRange(classifier.PredictAll(request.Texts).Select(p => new SentimentResult
        {
            Label = ToApi(p.Label),
            Probability = p.Probability,
            Score = p.Score,
        }));
        return Task.FromResult(response);
    }

    public override Task<ProductSentimentResponse> GetProductSentiment(ProductSentimentRequest request, ServerCallContext context)
    {
        var productId = RequireId(request.ProductId, "product_id", _engine.MaxIdLength);
        var sentiment = catalog.Reviews.SentimentOf(productId);
        return Task.FromResult(new ProductSentimentResponse
        {
            MeanScore = sentiment.MeanScore,
            Negative = sentiment.Negative,
            Neutral = sentiment.Neutral,
            Positive = sentiment.Positive,
            RecentTrend = sentiment.RecentTrend,
        });
    }

    private static SentimentLabel ToApi(MlLabel label) => label switch
    {
        MlLabel.Negative => SentimentLabel.Negative,
        MlLabel.Neutral => SentimentLabel.Neutral,
        _ => SentimentLabel.Positive,
    };
}
