using Grpc.Core;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>A body that is not a valid message of its request type, over plain gRPC (HTTP/2), unary and streaming.</summary>
[Collection(EngineCollection.Name)]
public sealed class MalformedRequestTests : IDisposable
{
    // Field 31, wire type 7: no such wire type exists, so no message type can decode it.
    private static readonly byte[] NotAMessage = [0xFF, 0xFF];
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);
    private readonly string _folder = RunningEngine.NewDataFolder();

    [Fact]
    public async Task A_unary_call_is_invalid_argument_naming_the_request_type()
    {
        await using var engine = await RunningEngine.StartAsync(_folder);
        var recommend = new Method<byte[], byte[]>(MethodType.Unary, "personalization.v1.RecommendationService", "Recommend", Raw, Raw);

        var refused = await Assert.ThrowsAsync<RpcException>(() => engine.Channel.CreateCallInvoker().AsyncUnaryCall(recommend, null, new CallOptions(), NotAMessage).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("RecommendRequest", refused.Status.Detail);
    }

    [Fact]
    public async Task A_streamed_message_is_invalid_argument_naming_its_type()
    {
        await using var engine = await RunningEngine.StartAsync(_folder);
        var trackStream = new Method<byte[], byte[]>(MethodType.ClientStreaming, "personalization.v1.EventService", "TrackStream", Raw, Raw);

        using var call = engine.Channel.CreateCallInvoker().AsyncClientStreamingCall(trackStream, null, new CallOptions());
        await call.RequestStream.WriteAsync(NotAMessage);
        await call.RequestStream.CompleteAsync();
        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("Event", refused.Status.Detail);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
