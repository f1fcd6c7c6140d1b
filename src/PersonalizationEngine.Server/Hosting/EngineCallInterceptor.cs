using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using PersonalizationEngine.Grains;
using PersonalizationEngine.Server.Security;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// The one interceptor every call passes: it is timed (<see cref="CallMetrics"/>, refusals included); then
/// who the caller is and what it may do (<see cref="CallerAuthorization"/>), its rate
/// (<see cref="CallerRateLimit"/>), the engine's own limit for unary calls (<see cref="LoadShedding"/>);
/// and failures of an overloaded cluster leave as UNAVAILABLE (<see cref="OverloadStatus"/>). Every call but the
/// admin service's also tells <see cref="QuietCompaction"/> that the engine is not idle. One layer,
/// not one per concern: each interceptor is another async frame and allocation on every call.
/// </summary>
public sealed class EngineCallInterceptor(
    CallMetrics metrics, CallerAuthorization authorization, CallerRateLimit rateLimit, LoadShedding shedding, OverloadStatus overload,
    QuietCompaction compaction) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation) =>
        GuardedAsync(context, shed: true, (continuation, request, context), static call => call.continuation(call.request, call.context));

    // Streaming calls are checked and timed like unary ones, but not shed: ingestion streams have their own back-pressure.
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardedAsync(context, shed: false, (continuation, requestStream, context), static call => call.continuation(call.requestStream, call.context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardedAsync(context, shed: false, (continuation, request, responseStream, context), static async call =>
        {
            await call.continuation(call.request, call.responseStream, call.context);
            return true;
        });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardedAsync(context, shed: false, (continuation, requestStream, responseStream, context), static async call =>
        {
            await call.continuation(call.requestStream, call.responseStream, call.context);
            return true;
        });

    /// <summary>The admin service's calls (Retrain, the status) are not traffic: they do not keep the engine from compacting while quiet.</summary>
    private static readonly string AdminMethods = $"/{PersonalizationEngine.Api.V1.ModelAdminService.Descriptor.FullName}/";

    /// <summary>
    /// Runs one call with every check, timed. The call's arguments travel as <paramref name="state"/> to a
    /// static lambda, so a unary call allocates no closure here.
    /// </summary>
    private async Task<T> GuardedAsync<TState, T>(ServerCallContext context, bool shed, TState state, Func<TState, Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        if (!context.Method.StartsWith(AdminMethods, StringComparison.Ordinal)) compaction.CallArrived();
        var status = StatusCode.OK;
        var admitted = false;
        try
        {
            authorization.Check(context);
            rateLimit.Check(context);
            admitted = shed && shedding.Enter(context);
            return await call(state);
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

    private static StatusCode StatusOf(Exception ex, ServerCallContext context) => ex switch
    {
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException when context.CancellationToken.IsCancellationRequested => StatusCode.Cancelled,
        // What grpc-dotnet answers for an exception that is not an RpcException.
        _ => StatusCode.Unknown,
    };
}
