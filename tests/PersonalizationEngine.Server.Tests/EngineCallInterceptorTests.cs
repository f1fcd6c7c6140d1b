using System.Diagnostics.Metrics;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Hosting;
using PersonalizationEngine.Server.Security;

namespace PersonalizationEngine.Server.Tests;

public sealed class EngineCallInterceptorTests : IDisposable
{
    private readonly Meters _meters = new();
    private readonly EngineCallInterceptor _interceptor;

    public EngineCallInterceptorTests()
    {
        var options = Options.Create(new EngineOptions { MaxConcurrentCalls = 2 });
        _interceptor = new EngineCallInterceptor(new CallMetrics(_meters), new CallerAuthorization(options), new CallerRateLimit(options),
            new LoadShedding(options, NullLogger<LoadShedding>.Instance), new OverloadStatus(NullLogger<OverloadStatus>.Instance),
            new Grains.QuietCompaction(enabled: false, NullLogger<Grains.QuietCompaction>.Instance));
    }

    [Fact]
    public async Task Calls_beyond_the_limit_are_shed_at_once_and_accepted_again_when_room_frees()
    {
        var release = new TaskCompletionSource<string>();
        var running = Enumerable.Range(0, 2)
            .Select(_ => _interceptor.UnaryServerHandler<string, string>("request", new FakeCallContext(), (_, _) => release.Task))
            .ToArray();

        var shed = await Assert.ThrowsAsync<RpcException>(() => Call());
        Assert.Equal(StatusCode.ResourceExhausted, shed.StatusCode);
        Assert.Contains("Engine:MaxConcurrentCalls", shed.Status.Detail);
        Assert.Equal("100", shed.Trailers.GetValue(Overloaded.RetryPushbackTrailer)); // the retry hint clients' retry policies honour
        // A health check still answers while the engine is at its limit.
        Assert.Equal("serving", await _interceptor.UnaryServerHandler<string, string>(
            "request", new FakeCallContext("/grpc.health.v1.Health/Check"), (_, _) => Task.FromResult("serving")));

        release.SetResult("done");
        Assert.Equal(["done", "done"], await Task.WhenAll(running));
        Assert.Equal("answer", await Call());
    }

    [Fact]
    public async Task A_failing_call_frees_its_place()
    {
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => _interceptor.UnaryServerHandler<string, string>(
                "request", new FakeCallContext(), (_, _) => throw new InvalidOperationException()));
        }
        Assert.Equal("answer", await Call());
    }

    [Fact]
    public async Task An_internal_timeout_becomes_unavailable_with_a_reason()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _interceptor.UnaryServerHandler<string, string>(
            "request", new FakeCallContext(), (_, _) => throw new TimeoutException("Response did not arrive on time in 00:00:30")));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("overloaded", error.Status.Detail);
    }

    [Fact]
    public async Task Streaming_calls_get_the_same_treatment()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _interceptor.ClientStreamingServerHandler<string, string>(
            null!, new FakeCallContext(), (_, _) => throw new TimeoutException()));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task Other_outcomes_pass_through_unchanged()
    {
        Assert.Equal("answer", await Call());
        var invalid = new RpcException(new Status(StatusCode.InvalidArgument, "count: must be positive"));
        Assert.Same(invalid, await Assert.ThrowsAsync<RpcException>(() => _interceptor.UnaryServerHandler<string, string>(
            "request", new FakeCallContext(), (_, _) => throw invalid)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _interceptor.UnaryServerHandler<string, string>(
            "request", new FakeCallContext(), (_, _) => throw new InvalidOperationException("a bug stays visible")));
    }

    [Fact]
    public async Task Every_call_is_timed_with_its_final_status_refusals_included()
    {
        var statuses = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "pe.grpc.call.duration") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "status") statuses.Add((string)tag.Value!);
        });
        listener.Start();

        await Call();
        await Assert.ThrowsAsync<RpcException>(() => _interceptor.UnaryServerHandler<string, string>(
            "request", new FakeCallContext(), (_, _) => throw new TimeoutException()));

        Assert.Equal(["OK", "Unavailable"], statuses);
    }

    public void Dispose() => _meters.Dispose();

    private Task<string> Call() =>
        _interceptor.UnaryServerHandler<string, string>("request", new FakeCallContext(), (_, _) => Task.FromResult("answer"));

    /// <summary>Meters for one test, disposed with it.</summary>
    private sealed class Meters : IMeterFactory
    {
        private readonly List<Meter> _created = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _created.Add(meter);
            return meter;
        }

        public void Dispose() => _created.ForEach(m => m.Dispose());
    }
}
