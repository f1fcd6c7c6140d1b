using Grpc.Reflection.V1Alpha;

namespace PersonalizationEngine.Server.Tests;

/// <summary>Server reflection is what grpcurl and other generic gRPC tools use to call the engine without the .proto files.</summary>
[Collection(EngineCollection.Name)]
public sealed class ReflectionTests(EngineFixture fixture)
{
    [Fact]
    public async Task Reflection_lists_the_services_and_serves_their_descriptors()
    {
        var reflection = new ServerReflection.ServerReflectionClient(fixture.Engine.Channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.ResponseStream.MoveNext(CancellationToken.None);
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "personalization.v1.RecommendationService" });
        await call.ResponseStream.MoveNext(CancellationToken.None);
        var descriptors = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto;
        await call.RequestStream.CompleteAsync();

        Assert.Contains("personalization.v1.EventService", services);
        Assert.Contains("personalization.v1.RecommendationService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.NotEmpty(descriptors);
    }
}
