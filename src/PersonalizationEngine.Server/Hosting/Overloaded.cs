using System.Globalization;
using Grpc.Core;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// RESOURCE_EXHAUSTED with a retry hint: the message says how long to wait, and the
/// <c>grpc-retry-pushback-ms</c> trailer tells gRPC clients' retry policies (grpc-dotnet, grpc-java, grpc-go
/// and this project's client library) to wait that long before the next attempt instead of their own backoff.
/// </summary>
public static class Overloaded
{
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    public static RpcException Exception(string why, TimeSpan retryAfter)
    {
        var milliseconds = ((long)retryAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        return new RpcException(
            new Status(StatusCode.ResourceExhausted, $"{why}; retry in {milliseconds} ms"),
            new Metadata { { RetryPushbackTrailer, milliseconds } });
    }
}
