using Grpc.Health.V1;
using Grpc.Net.Client;
using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.Client;

/// <summary>
/// A client for the engine's gRPC API: one channel, one typed client per service.
/// <code>
/// using var engine = new PersonalizationClient("http://127.0.0.1:5000");
/// var list = await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = "C000042", Count = 10 });
/// </code>
/// </summary>
public sealed class PersonalizationClient : IDisposable
{
    private readonly GrpcChannel _channel;

    public PersonalizationClient(string address, GrpcChannelOptions? options = null)
        : this(GrpcChannel.ForAddress(address, options ?? new GrpcChannelOptions()))
    {
    }

    public PersonalizationClient(GrpcChannel channel)
    {
        _channel = channel;
        Events = new EventService.EventServiceClient(channel);
        Catalog = new CatalogService.CatalogServiceClient(channel);
        Recommendations = new RecommendationService.RecommendationServiceClient(channel);
        Offers = new OfferService.OfferServiceClient(channel);
        Propensity = new PropensityService.PropensityServiceClient(channel);
        Sentiment = new SentimentService.SentimentServiceClient(channel);
        Forecasts = new ForecastService.ForecastServiceClient(channel);
        Segments = new SegmentService.SegmentServiceClient(channel);
        Admin = new ModelAdminService.ModelAdminServiceClient(channel);
        Health = new Health.HealthClient(channel);
    }

    public EventService.EventServiceClient Events { get; }
    public CatalogService.CatalogServiceClient Catalog { get; }
    public RecommendationService.RecommendationServiceClient Recommendations { get; }
    public OfferService.OfferServiceClient Offers { get; }
    public PropensityService.PropensityServiceClient Propensity { get; }
    public SentimentService.SentimentServiceClient Sentiment { get; }
    public ForecastService.ForecastServiceClient Forecasts { get; }
    public SegmentService.SegmentServiceClient Segments { get; }
    public ModelAdminService.ModelAdminServiceClient Admin { get; }
    /// <summary>Standard gRPC health checking (SERVING once the engine is ready).</summary>
    public Health.HealthClient Health { get; }

    public void Dispose() => _channel.Dispose();
}
