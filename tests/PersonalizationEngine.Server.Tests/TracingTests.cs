using System.Collections.Concurrent;
using System.Diagnostics;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>Traces: a call, the grain calls it makes and a training run, as spans of one trace each, exported over OTLP.</summary>
[Collection(EngineCollection.Name)]
public sealed class TracingTests : IDisposable
{
    private readonly string _folder = RunningEngine.NewDataFolder();
    private readonly Shop _shop = new();

    [Fact]
    public async Task Calls_grain_calls_appends_and_training_are_traced_and_exported_over_otlp()
    {
        using var collector = new OtlpHttpCollector(FreePort.Next());
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var engine = await RunningEngine.StartAsync(_folder, $"Tracing:OtlpEndpoint={collector.Endpoint}", $"Tracing:Protocol=http/protobuf");

        await engine.Catalog.UpsertProductsAsync(Shop.Catalog([_shop.Product("lamp", "home")]));
        await engine.Events.TrackAsync(Shop.Batch(_shop.Event("reader", "lamp", EventType.View)));
        await engine.Recommendations.RecommendAsync(new RecommendRequest { CustomerId = _shop.Id("reader"), Count = 3 });
        await engine.Admin.RetrainAsync(new RetrainRequest { Model = "recommendation" });

        // Within the engine: the Recommend call's server span and the grain calls it made are one trace.
        var recommend = stopped.Where(a => a.DisplayName.Contains("RecommendationService/Recommend")).Select(a => a.TraceId).ToHashSet();
        Assert.NotEmpty(recommend);
        Assert.Contains(stopped, a => a.Source.Name == "Microsoft.Orleans.Application" && recommend.Contains(a.TraceId));
        Assert.Contains(stopped, a => a.DisplayName == "event log append" && a.GetTagItem("pe.events.appended") is 1);
        // The listener hears the whole process (other engines, this engine's own scheduled trainings): the run the
        // Retrain call started is the one in its trace.
        var retrain = stopped.Where(a => a.DisplayName.Contains("ModelAdminService/Retrain")).Select(a => a.TraceId).ToHashSet();
        Assert.Contains(stopped, a => a.DisplayName == "train recommendation" && retrain.Contains(a.TraceId));
        // And out of it: the OTLP exporter sent them to the collector.
        await Eventually.MatchAsync(() => Task.FromResult(collector.Received),
            sent => sent.Contains("RecommendationService/Recommend") && sent.Contains("train recommendation") && sent.Contains("event log append"),
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_bad_tracing_setting_stops_the_start_with_a_message_naming_it()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunningEngine.StartAsync(_folder, "Tracing:OtlpEndpoint=collector:4317"));

        Assert.Contains("Engine:Tracing:OtlpEndpoint", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
