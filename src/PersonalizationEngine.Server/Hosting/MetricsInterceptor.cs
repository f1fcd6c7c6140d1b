using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// Times every gRPC call and records it with its method and final status code (<see cref="EngineMetrics"/>).
/// It runs first, so calls refused by authentication, rate limits or load shedding are counted too.
/// </summary>
public sealed class MetricsInterceptor(EngineMetrics metrics) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        TimedAsync(context, () => continuation(request, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        TimedAsync(context, () => continuation(requestStream, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        TimedAsync(context, async () =>
        {
            await continuation(request, responseStream, context);
            return true;
        });

    private async Task<T> TimedAsync<T>(ServerCallContext context, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var status = StatusCode.OK;
        try
        {
            return await call();
        }
        catch (RpcException ex)
        {
            status = ex.StatusCode;
            throw;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            status = StatusCode.Cancelled;
            throw;
        }
        catch
        {
            // What grpc-dotnet answers for an exception that is not an RpcException.
            status = StatusCode.Unknown;
            throw;
        }
        finally
        {
            metrics.CallCompleted(context.Method, status, Stopwatch.GetElapsedTime(started));
        }
    }
}
