using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Server.Configuration;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// Sheds load instead of queueing it: a unary call that arrives while <see cref="EngineOptions.MaxConcurrentCalls"/>
/// unary calls are already running is answered RESOURCE_EXHAUSTED at once, so under more traffic than
/// the machine can serve the calls it accepts stay fast and the rest learn to back off immediately, not
/// after waiting in a queue for seconds. Health checks are never shed (an orchestrator must still see a
/// busy engine as alive), and streaming ingestion has its own back-pressure.
/// </summary>
public sealed class LoadSheddingInterceptor(IOptions<EngineOptions> options, ILogger<LoadSheddingInterceptor> logger) : Interceptor
{
    private const string HealthService = "/grpc.health.v1.Health/";
    private int _running;
    private long _shed;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (context.Method.StartsWith(HealthService, StringComparison.Ordinal)) return await continuation(request, context);
        var limit = options.Value.MaxConcurrentCalls;
        try
        {
            if (Interlocked.Increment(ref _running) > limit) throw Shed(context, limit);
            return await continuation(request, context);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private RpcException Shed(ServerCallContext context, int limit)
    {
        // One warning per thousand shed calls: an overload must not also flood the log.
        if (Interlocked.Increment(ref _shed) % 1_000 == 1)
            logger.LogWarning("Shedding load: {Method} answered RESOURCE_EXHAUSTED ({Limit} calls already running; {Shed} shed so far)", context.Method, limit, _shed);
        return new RpcException(new Status(StatusCode.ResourceExhausted,
            $"the engine is at its limit of {limit} concurrent calls (Engine:MaxConcurrentCalls); retry with backoff"));
    }
}
