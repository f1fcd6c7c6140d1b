using Grpc.Core;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// Turns the failures an overloaded or shutting-down silo produces into statuses a client can act on,
/// instead of gRPC's "Unknown: Exception was thrown by handler": an internal grain call that timed out
/// (Orleans' <see cref="TimeoutException"/>), a silo that is gone, or a shared log that could not commit
/// (nothing of the call was written) is UNAVAILABLE, which clients retry
/// with backoff. Anything else is left alone (bad input is already INVALID_ARGUMENT, and a real bug
/// should stay visible).
/// </summary>
public sealed class OverloadStatus(ILogger<OverloadStatus> logger)
{
    /// <summary>The UNAVAILABLE status that <paramref name="ex"/> stands for; null when it is not an overload.</summary>
    public RpcException? AsUnavailable(Exception ex, ServerCallContext context)
    {
        var reason = ex switch
        {
            TimeoutException => "the engine is overloaded (an internal call timed out); retry with backoff",
            SiloUnavailableException => "a silo the call needed is unavailable; retry with backoff",
            // A grain's silo died and the cluster has not declared it dead yet: its grains move once it has.
            OrleansMessageRejectionException => "a silo the call needed cannot be reached (it may have just died); retry with backoff",
            // Not the caller's cancellation: the grain directory cancels lookups while it hands over a dead silo's range.
            OperationCanceledException when !context.CancellationToken.IsCancellationRequested =>
                "an internal call was cancelled while the cluster changed; retry with backoff",
            EventLogUnavailableException => $"{ex.Message} with backoff",
            _ => null,
        };
        if (reason is null) return null;
        logger.LogWarning("{Method} answered UNAVAILABLE: {Reason} ({Error})", context.Method, reason, ex.Message);
        return new RpcException(new Status(StatusCode.Unavailable, reason));
    }
}
