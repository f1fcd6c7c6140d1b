using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using PersonalizationEngine.Server.Hosting;

namespace PersonalizationEngine.Server.Tests;

public sealed class OverloadInterceptorTests
{
    private readonly OverloadInterceptor _interceptor = new(NullLogger<OverloadInterceptor>.Instance);

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
        Assert.Equal("answer", await _interceptor.UnaryServerHandler<string, string>("request", new FakeCallContext(), (_, _) => Task.FromResult("answer")));
        var invalid = new RpcException(new Status(StatusCode.InvalidArgument, "count: must be positive"));
        Assert.Same(invalid, await Assert.ThrowsAsync<RpcException>(() => _interceptor.UnaryServerHandler<string, string>(
            "request", new FakeCallContext(), (_, _) => throw invalid)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _interceptor.UnaryServerHandler<string, string>(
            "request", new FakeCallContext(), (_, _) => throw new InvalidOperationException("a bug stays visible")));
    }
}
