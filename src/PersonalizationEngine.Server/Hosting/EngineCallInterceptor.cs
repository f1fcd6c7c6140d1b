using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using PersonalizationEngine.Server.Security;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// The one interceptor every call passes: it is timed (<see cref="CallMetrics"/>, refusals included); then
/// who the caller is and what it may do (<see cref="CallerAuthorization"/>), its rate
/// (<see cref="CallerRateLimit"/>), the engine's own limit for unary calls (<see cref="LoadShedding"/>);
/// and failures of an overloaded cluster leave as UNAVAILABLE (<see cref="OverloadStatus"/>). One layer,
/// not one per concern: each interceptor is another async frame and allocation on every call.
/// </summary>
public sealed class EngineCallInterceptor(
    CallMetrics metrics, CallerAuthorization authorization, CallerRateLimit rateLimit, LoadShedding shedding, OverloadStatus overload) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        var admitted = false;
        try
        {
            CheckCaller(context);
            admitted = shedding.Enter(context);
            return await continuation(request, context);
        }
        catch (Exception ex) when (overload.AsUnavailable(ex, context) is { } unavailable)
        {
            status = StatusCode.Unavailable;
            throw unavailable;
        }
        catch (Exception ex)
        {
            status = StatusOf(ex, context);
            throw;
        }
        finally
        {
            if (admitted) shedding.Leave();
            metrics.CallCompleted(context.Method, status, Stopwatch.GetElapsedTime(started));
        }
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        StreamingAsync(context, () => continuation(requestStream, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        StreamingAsync(context, async () =>
        {
            await continuation(request, responseStream, context);
            return true;
        });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        StreamingAsync(context, async () =>
        {
            await continuation(requestStream, responseStream, context);
            return true;
        });

    /// <summary>Streaming calls are checked and timed like unary ones, but not shed: ingestion streams have their own back-pressure.</summary>
    private async Task<T> StreamingAsync<T>(ServerCallContext context, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            CheckCaller(context);
            return await call();
        }
        catch (Exception ex) when (overload.AsUnavailable(ex, context) is { } unavailable)
        {
            status = StatusCode.Unavailable;
            throw unavailable;
        }
        catch (Exception ex)
        {
            status = StatusOf(ex, context);
            throw;
        }
        finally
        {
            metrics.CallCompleted(context.Method, status, Stopwatch.GetElapsedTime(started));
        }
    }

    private void CheckCaller(ServerCallContext context)
    {
        authorization.Check(context);
        rateLimit.Check(context);
    }

    private static StatusCode StatusOf(Exception ex, ServerCallContext context) => ex switch
    {
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException when context.CancellationToken.IsCancellationRequested => StatusCode.Cancelled,
        // What grpc-dotnet answers for an exception that is not an RpcException.
        _ => StatusCode.Unknown,
    };
}
