using System.Diagnostics.Metrics;
using Grpc.Core;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>Every gRPC call's duration by method and final status code (the pe.grpc.call.duration histogram).</summary>
public sealed class CallMetrics
{
    // Seconds: from half a millisecond (a cached read) to ten seconds (a bulk import, a retried failover).
    private static readonly double[] CallBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    // A status's name is a tag on every call: formatting the enum each time would allocate a string per call.
    private static readonly Dictionary<StatusCode, string> StatusNames = Enum.GetValues<StatusCode>().ToDictionary(s => s, s => s.ToString());

    private readonly Histogram<double> _callDuration;

    public CallMetrics(IMeterFactory meters) =>
        _callDuration = meters.Create(EngineMetrics.MeterName).CreateHistogram("pe.grpc.call.duration", "s",
            "gRPC calls by method and status code, from the call's interceptor", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CallBuckets });

    public void CallCompleted(string method, StatusCode status, TimeSpan elapsed) =>
        _callDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("method", method),
            new KeyValuePair<string, object?>("status", StatusNames.GetValueOrDefault(status) ?? status.ToString()));
}
