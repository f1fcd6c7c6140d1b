using PersonalizationEngine.Contracts.Experiments;
using PersonalizationEngine.Grains.Experiments;
using PersonalizationEngine.Projection;
using System.Diagnostics.Metrics;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Serving;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// The engine's own metrics (meter "PersonalizationEngine"), scraped with Orleans' and ASP.NET Core's at
/// /metrics on the HTTP/1 port: events accepted, the projection's lag, the log's size, and each model's serving version and
/// how long that version trained, and what served recommendation lists earned (per model version and arm). Call latency by method and status code is <see cref="CallMetrics"/>'.
/// </summary>
public sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "PersonalizationEngine";

    private readonly Meter _meter;
    private readonly Counter<long> _eventsIngested;

    public EngineMetrics(IMeterFactory meters, IEventLog log, ProjectionProgress projection, IEnumerable<IServingModel> models, OnlineMetricsRecorder online)
    {
        var served = models.ToArray();
        _meter = meters.Create(MeterName);
        _eventsIngested = _meter.CreateCounter<long>("pe.events.ingested", "{event}", "Events accepted into the log (a retried event counts once)");
        _meter.CreateObservableGauge("pe.projection.lag", () => projection.Lag, "{record}", "Log records not yet applied by the grains");
        _meter.CreateObservableGauge("pe.log.events", () => log.EventCount, "{event}", "Events in the log");
        _meter.CreateObservableGauge("pe.model.version",
            () => served.Where(m => m.Serving is not null).Select(m => new Measurement<int>(m.Serving!.Version, ModelTag(m))),
            description: "The version each model serves");
        _meter.CreateObservableGauge("pe.model.training.duration",
            () => served.Where(m => m.Serving is not null).Select(m => new Measurement<double>(m.Serving!.TrainingSeconds, ModelTag(m))),
            "s", "How long the serving version of each model trained");
        OnlineCounter(online, "pe.recommendations.lists", "{list}", "Recommendation lists served (not prefetches)", c => c.Lists);
        OnlineCounter(online, "pe.recommendations.items", "{item}", "Products shown in served lists", c => c.Items);
        OnlineCounter(online, "pe.recommendations.clicks", "{click}", "Clicks naming a served list", c => c.Clicks);
        OnlineCounter(online, "pe.recommendations.purchases", "{purchase}", "Purchases naming a served list", c => c.Purchases);
        OnlineCounter(online, "pe.recommendations.window_purchases", "{purchase}", "Purchases of a product recommended to the customer within the attribution window, not naming a list", c => c.WindowPurchases);
    }

    /// <summary>A counter of this silo's online metrics per model version and experiment arm (sent to the cluster's grain four times a second).</summary>
    private void OnlineCounter(OnlineMetricsRecorder online, string name, string unit, string description, Func<OnlineCounts, long> count) =>
        _meter.CreateObservableCounter(name, () => online.Totals().Select(t => new Measurement<long>(count(t.Counts),
            new("model_version", t.Tag.ModelVersion), new("experiment", t.Tag.Experiment ?? ""), new("arm", t.Tag.Arm ?? ""))), unit, description);

    public void EventsIngested(int count)
    {
        if (count > 0) _eventsIngested.Add(count);
    }

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> ModelTag(IServingModel model) => new("model", model.Model);
}
