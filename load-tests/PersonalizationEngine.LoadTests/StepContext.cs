using System.Diagnostics;
using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Client;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// What a scenario step works with: the client, the id space, the settings, a random source, and <see cref="CallAsync{T}"/>,
/// which times each gRPC call and records it under its operation's name. The step's first call is timed
/// from the step's intended start (the open model's schedule), later calls from when they start. Nothing
/// is recorded for steps that began during the warm-up.
/// </summary>
public sealed class StepContext(
    PersonalizationClient client, IdSpace ids, ScenarioSettings settings, Random random, Stopwatch clock, TimeSpan intendedStart, LoadReport? report,
    AcknowledgedEvents? acknowledged = null)
{
    private TimeSpan? _nextCallStart = intendedStart;

    public PersonalizationClient Client { get; } = client;
    public IdSpace Ids { get; } = ids;
    public ScenarioSettings Settings { get; } = settings;
    public Random Random { get; } = random;

    /// <summary>Runs one call and records its latency and status; a failed call's <see cref="RpcException"/> ends the step.</summary>
    public async Task<T> CallAsync<T>(string operation, Func<PersonalizationClient, Task<T>> call, int items = 1)
    {
        var started = _nextCallStart ?? clock.Elapsed;
        _nextCallStart = null;
        try
        {
            var answer = await call(Client);
            report?.Operation(operation).Record(clock.Elapsed - started, LoadResult.OkOutcome, items);
            return answer;
        }
        catch (RpcException ex)
        {
            report?.Operation(operation).Record(clock.Elapsed - started, ex.StatusCode.ToString());
            throw;
        }
    }

    /// <summary>Sends a Track call (its events counted as its items); acknowledged events are noted, warm-up included.</summary>
    public async Task<TrackResponse> TrackAsync(TrackRequest request)
    {
        var answer = await CallAsync("Track", c => c.Events.TrackAsync(request).ResponseAsync, request.Events.Count);
        acknowledged?.Add(request.Events);
        return answer;
    }

    /// <summary>Records a measured value that is not one call (e.g. event-to-effect freshness).</summary>
    public void Record(string operation, TimeSpan value, string outcome = LoadResult.OkOutcome) =>
        report?.Operation(operation).Record(value, outcome);

    /// <summary>A pause between a user's actions; the next call is timed from when it starts.</summary>
    public Task ThinkAsync(TimeSpan time)
    {
        _nextCallStart = null;
        return time > TimeSpan.Zero ? Task.Delay(time) : Task.CompletedTask;
    }

    public TimeSpan Elapsed => clock.Elapsed;
}
