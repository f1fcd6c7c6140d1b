using System.ComponentModel.DataAnnotations;

namespace PersonalizationEngine.Server.Configuration;

/// <summary>OpenTelemetry traces, exported over OTLP: off until an endpoint is set.</summary>
public sealed class TracingOptions
{
    public const string Grpc = "grpc";
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>The collector: "http://collector:4317" for grpc, "http://collector:4318/v1/traces" for http/protobuf. Empty: no traces.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>"grpc" or "http/protobuf".</summary>
    [RegularExpression("^(grpc|http/protobuf)$", ErrorMessage = "Engine:Tracing:Protocol must be grpc or http/protobuf")]
    public string Protocol { get; set; } = Grpc;

    /// <summary>
    /// The share of traces started here that are kept (a caller's sampled trace is always continued).
    /// A silo serving thousands of calls a second should keep a small share.
    /// </summary>
    [Range(0.0, 1.0)]
    public double SampleRatio { get; set; } = 1.0;

    public bool Enabled => OtlpEndpoint.Length > 0;
}
