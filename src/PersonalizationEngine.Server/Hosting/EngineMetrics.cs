using System.Diagnostics.Metrics;
using Grpc.Core;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Server.Serving;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// The engine's own metrics (meter "PersonalizationEngine"), scraped with Orleans' and ASP.NET Core's at
/// /metrics on the HTTP/1 port: gRPC call latency by method and status code (errors by status are its
/// counts), events accepted, the projection's lag, the log's size, and each model's serving version and
/// how long that version trained.
/// </summary>
public sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "PersonalizationEngine";

    // Seconds: from half a millisecond (a cached read) to ten seconds (a bulk import, a retried failover).
    private static readonly double[] CallBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly Counter<long> _eventsIngested;
    private readonly Histogram<double> _callDuration;

    public EngineMetrics(IMeterFactory meters, IEventLog log, ProjectionProgress projection, IEnumerable<IServingModel> models)
    {
        var served = models.ToArray();
        _meter = meters.Create(MeterName);
        _eventsIngested = _meter.CreateCounter<long>("pe.events.ingested", "{event}", "Events accepted into the log (a retried event counts once)");
        _callDuration = _meter.CreateHistogram("pe.grpc.call.duration", "s", "gRPC calls by method and status code, from the first interceptor",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CallBuckets });
        _meter.CreateObservableGauge("pe.projection.lag", () => projection.Lag, "{record}", "Log records not yet applied by the grains");
        _meter.CreateObservableGauge("pe.log.events", () => log.EventCount, "{event}", "Events in the log");
        _meter.CreateObservableGauge("pe.model.version",
            () => served.Where(m => m.Serving is not null).Select(m => new Measurement<int>(m.Serving!.Version, ModelTag(m))),
            description: "The version each model serves");
        _meter.CreateObservableGauge("pe.model.training.duration",
            () => served.Where(m => m.Serving is not null).Select(m => new Measurement<double>(m.Serving!.TrainingSeconds, ModelTag(m))),
            "s", "How long the serving version of each model trained");
    }

    public void EventsIngested(int count)
    {
        if (count > 0) _eventsIngested.Add(count);
    }

    public void CallCompleted(string method, StatusCode status, TimeSpan elapsed) =>
        _callDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("status", status.ToString()));

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> ModelTag(IServingModel model) => new("model", model.Model);
}
