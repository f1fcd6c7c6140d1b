using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.Client;

/// <summary>
/// A client for the engine's gRPC API: one channel, one typed client per service.
/// <code>
/// using var engine = new PersonalizationClient(new PersonalizationClientOptions
/// {
///     Addresses = ["http://silo-1:5000", "http://silo-2:5000"], ApiKey = "...", Deadline = TimeSpan.FromSeconds(2),
/// });
/// var list = await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = "C000042", Count = 10 });
/// </code>
/// Built from options, every call carries the credentials and a default deadline, and calls that fail
/// with UNAVAILABLE or RESOURCE_EXHAUSTED are retried with backoff, on another address when there are
/// several (<see cref="EngineChannel"/>).
/// </summary>
public sealed class PersonalizationClient : IDisposable
{
    private readonly GrpcChannel _channel;

    public PersonalizationClient(string address, GrpcChannelOptions? options = null)
        : this(GrpcChannel.ForAddress(address, options ?? new GrpcChannelOptions()))
    {
    }

    public PersonalizationClient(PersonalizationClientOptions options)
        : this(EngineChannel.Create(options), new CallDefaultsInterceptor(options), new ServerShutdownRetryInterceptor(options))
    {
    }

    public PersonalizationClient(GrpcChannel channel, params Interceptor[] interceptors)
    {
        _channel = channel;
        var invoker = channel.Intercept(interceptors);
        Events = new EventService.EventServiceClient(invoker);
        Catalog = new CatalogService.CatalogServiceClient(invoker);
        Recommendations = new RecommendationService.RecommendationServiceClient(invoker);
        Offers = new OfferService.OfferServiceClient(invoker);
        Propensity = new PropensityService.PropensityServiceClient(invoker);
        Sentiment = new SentimentService.SentimentServiceClient(invoker);
        Forecasts = new ForecastService.ForecastServiceClient(invoker);
        Segments = new SegmentService.SegmentServiceClient(invoker);
        Experiments = new ExperimentService.ExperimentServiceClient(invoker);
        Admin = new ModelAdminService.ModelAdminServiceClient(invoker);
        Health = new Health.HealthClient(invoker);
    }

    public EventService.EventServiceClient Events { get; }
    public CatalogService.CatalogServiceClient Catalog { get; }
    public RecommendationService.RecommendationServiceClient Recommendations { get; }
    public OfferService.OfferServiceClient Offers { get; }
    public PropensityService.PropensityServiceClient Propensity { get; }
    public SentimentService.SentimentServiceClient Sentiment { get; }
    public ForecastService.ForecastServiceClient Forecasts { get; }
    public SegmentService.SegmentServiceClient Segments { get; }
    public ExperimentService.ExperimentServiceClient Experiments { get; }
    public ModelAdminService.ModelAdminServiceClient Admin { get; }
    /// <summary>Standard gRPC health checking (SERVING once the engine is ready).</summary>
    public Health.HealthClient Health { get; }

    public void Dispose() => _channel.Dispose();
}
