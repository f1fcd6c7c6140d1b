using Grpc.Core;
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
public sealed class LoadShedding(IOptions<EngineOptions> options, ILogger<LoadShedding> logger)
{
    private const string HealthService = "/grpc.health.v1.Health/";

    /// <summary>The retry hint of a shed call: a few of the calls that filled the engine have finished by then.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(100);
    private int _running;
    private long _shed;

    /// <summary>Takes a place for the call (true: <see cref="Leave"/> gives it back), or throws RESOURCE_EXHAUSTED; health checks take none.</summary>
    public bool Enter(ServerCallContext context)
    {
        if (context.Method.StartsWith(HealthService, StringComparison.Ordinal)) return false;
        var limit = options.Value.MaxConcurrentCalls;
        if (Interlocked.Increment(ref _running) <= limit) return true;
        Interlocked.Decrement(ref _running);
        throw Shed(context, limit);
    }

    public void Leave() => Interlocked.Decrement(ref _running);

    private RpcException Shed(ServerCallContext context, int limit)
    {
        // One warning per thousand shed calls: an overload must not also flood the log.
        if (Interlocked.Increment(ref _shed) % 1_000 == 1)
            logger.LogWarning("Shedding load: {Method} answered RESOURCE_EXHAUSTED ({Limit} calls already running; {Shed} shed so far)", context.Method, limit, _shed);
        return Overloaded.Exception($"the engine is at its limit of {limit} concurrent calls (Engine:MaxConcurrentCalls)", RetryAfter);
    }
}
