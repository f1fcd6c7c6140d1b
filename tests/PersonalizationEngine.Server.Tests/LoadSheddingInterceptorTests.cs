using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Hosting;

namespace PersonalizationEngine.Server.Tests;

public sealed class LoadSheddingInterceptorTests
{
    private readonly LoadSheddingInterceptor _interceptor =
        new(Options.Create(new EngineOptions { MaxConcurrentCalls = 2 }), NullLogger<LoadSheddingInterceptor>.Instance);

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

    private Task<string> Call() =>
        _interceptor.UnaryServerHandler<string, string>("request", new FakeCallContext(), (_, _) => Task.FromResult("answer"));
}
