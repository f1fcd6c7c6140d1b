using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PersonalizationEngine.Grains;
using PersonalizationEngine.Server.Configuration;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// Traces (OpenTelemetry, exported over OTLP when Engine:Tracing:OtlpEndpoint is set): a gRPC or HTTP/JSON
/// call's server span, the grain calls it makes (Orleans' activity propagation) and the engine's own
/// spans, from activity source "PersonalizationEngine": log appends, projection chunks and training runs.
/// </summary>
public static class EngineTracing
{
    /// <summary>Orleans' sources: application grain calls, and grain state reads and writes.</summary>
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Application", "Microsoft.Orleans.Storage"];

    public static void AddEngineTracing(this OpenTelemetry.OpenTelemetryBuilder telemetry, TracingOptions options, string serviceInstance)
    {
        if (!options.Enabled) return;
        telemetry
            .ConfigureResource(resource => resource.AddService("personalization-engine", serviceInstanceId: serviceInstance))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.SampleRatio)))
                .AddSource(EngineActivities.SourceName)
                .AddSource(OrleansSources)
                // Health checks and scrapes would be most of the traces and tell nothing.
                .AddAspNetCoreInstrumentation(asp => asp.Filter = http => !http.Request.Path.StartsWithSegments("/grpc.health.v1.Health") && !http.Request.Path.StartsWithSegments("/metrics"))
                .AddOtlpExporter(otlp =>
                {
                    otlp.Endpoint = new Uri(options.OtlpEndpoint);
                    otlp.Protocol = options.Protocol == TracingOptions.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                }));
    }
}
