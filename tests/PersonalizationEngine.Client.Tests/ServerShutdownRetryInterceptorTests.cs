using System.Net.Http;
using Grpc.Core;
using Grpc.Core.Interceptors;
using PersonalizationEngine.Client;

namespace PersonalizationEngine.Client.Tests;

public sealed class ServerShutdownRetryInterceptorTests
{
    private static readonly Method<string, string> Recommend = new(MethodType.Unary, "personalization.v1.RecommendationService", "Recommend",
        Marshallers.StringMarshaller, Marshallers.StringMarshaller);

    private readonly ServerShutdownRetryInterceptor _interceptor = new(new PersonalizationClientOptions
    {
        Addresses = ["http://127.0.0.1:1"], MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(1),
    });

    [Fact]
    public async Task A_call_refused_by_a_server_shutting_down_is_sent_again()
    {
        var outcomes = new Queue<Func<Task<string>>>([() => throw ClosedWithNoError(), () => Task.FromResult("answer")]);

        var answer = await Call(outcomes, out var attempts);

        Assert.Equal("answer", answer);
        Assert.Equal(2, attempts());
    }

    [Fact]
    public async Task Other_internal_errors_are_not_retried_and_attempts_are_bounded()
    {
        var other = new RpcException(new Status(StatusCode.Internal, "a bug", new InvalidOperationException()));
        var refused = await Assert.ThrowsAsync<RpcException>(() => Call(new Queue<Func<Task<string>>>([() => throw other]), out _));
        Assert.Same(other, refused);

        var always = new Queue<Func<Task<string>>>(Enumerable.Repeat<Func<Task<string>>>(() => throw ClosedWithNoError(), 5));
        var call = Call(always, out var attempts);
        var last = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.True(ServerShutdownRetryInterceptor.IsGracefulShutdown(last));
        Assert.Equal(3, attempts());
    }

    /// <summary>What grpc-dotnet throws when the server sent GOAWAY (NO_ERROR) and closed the connection before answering.</summary>
    private static RpcException ClosedWithNoError() => new(new Status(StatusCode.Internal, "Error starting gRPC call.",
        new HttpRequestException(HttpRequestError.HttpProtocolError, "The HTTP/2 server closed the connection.",
            new HttpProtocolException(0, "The HTTP/2 server closed the connection. HTTP/2 error code 'NO_ERROR' (0x0).", null))));

    private Task<string> Call(Queue<Func<Task<string>>> outcomes, out Func<int> attempts)
    {
        var count = 0;
        attempts = () => count;
        var context = new ClientInterceptorContext<string, string>(Recommend, null, new CallOptions());
        return _interceptor.AsyncUnaryCall("request", context, (_, _) =>
        {
            count++;
            var outcome = outcomes.Dequeue();
            return new AsyncUnaryCall<string>(Task.Run(outcome), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }).ResponseAsync;
    }
}
