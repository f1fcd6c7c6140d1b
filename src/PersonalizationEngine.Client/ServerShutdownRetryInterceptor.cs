using System.Net.Http;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace PersonalizationEngine.Client;

/// <summary>
/// Sends a unary call again when the server it went to was shutting down gracefully and closed the
/// connection before the call got an answer (HTTP/2 GOAWAY with NO_ERROR). grpc-dotnet reports that as
/// INTERNAL, which its retry policy rightly does not retry in general (grpc-java reports it as
/// UNAVAILABLE); here it means a silo is stopping, as in a rolling restart, and the next attempt goes to
/// the next address. Up to <see cref="PersonalizationClientOptions.MaxAttempts"/> attempts; events are
/// deduplicated by their ids, so a repeated Track counts once.
/// </summary>
public sealed class ServerShutdownRetryInterceptor(PersonalizationClientOptions options) : Interceptor
{
    private const string RetrainMethod = "/personalization.v1.ModelAdminService/Retrain";

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context,
        AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var current = continuation(request, context);
        // Retraining twice is not what the caller asked for, as for the channel's own retry policy.
        if (options.MaxAttempts <= 1 || context.Method.FullName == RetrainMethod) return current;
        var response = ResponseAsync();
        return new AsyncUnaryCall<TResponse>(response, HeadersAsync(), () => current.GetStatus(), () => current.GetTrailers(), () => current.Dispose());

        async Task<TResponse> ResponseAsync()
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await current.ResponseAsync;
                }
                catch (RpcException e) when (attempt < options.MaxAttempts && IsGracefulShutdown(e))
                {
                    current.Dispose();
                    await Task.Delay(options.InitialBackoff, context.Options.CancellationToken);
                    current = continuation(request, context);
                }
            }
        }

        async Task<Metadata> HeadersAsync()
        {
            // The headers of the attempt that answered: wait for the answer first.
            try
            {
                await response;
            }
            catch (RpcException)
            {
                // The final status is the call's; its headers are still those of the last attempt.
            }
            return await current.ResponseHeadersAsync;
        }
    }

    /// <summary>INTERNAL because the server closed the connection with NO_ERROR before the call had its headers.</summary>
    public static bool IsGracefulShutdown(RpcException e)
    {
        if (e.StatusCode != StatusCode.Internal) return false;
        for (var inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
            if (inner is HttpProtocolException { ErrorCode: 0 }) return true;
        return false;
    }
}
