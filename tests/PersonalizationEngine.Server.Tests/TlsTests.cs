using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Server.Hosting;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>With Engine:TlsCertificatePath the engine serves gRPC over TLS only.</summary>
[Collection(EngineCollection.Name)]
public sealed class TlsTests
{
    [Fact]
    public async Task With_a_certificate_calls_go_over_tls_and_plain_http2_is_refused()
    {
        var folder = RunningEngine.NewDataFolder();
        Directory.CreateDirectory(folder);
        using var certificate = SelfSigned();
        var pfx = Path.Combine(folder, "engine.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "secret"));
        var port = FreePort.Next();
        var engine = EngineApplication.Create([
            $"--Engine:DataFolder={folder}", $"--Engine:GrpcPort={port}", "--Engine:Dashboard=false", $"--Engine:DashboardPort={FreePort.Next()}",
            $"--Engine:SiloPort={FreePort.Next()}", $"--Engine:GatewayPort={FreePort.Next()}", "--Engine:DemoOnFirstStart=false",
            "--Logging:LogLevel:Default=Warning", $"--Engine:TlsCertificatePath={pfx}", "--Engine:TlsCertificatePassword=secret"]);
        await engine.StartAsync();
        try
        {
            // The client trusts exactly this certificate.
            var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString();
            using var secure = GrpcChannel.ForAddress($"https://localhost:{port}", new GrpcChannelOptions { HttpHandler = handler });
            using var plain = GrpcChannel.ForAddress($"http://localhost:{port}");
            var request = new RecommendRequest { CustomerId = "tls-customer", Count = 3 };

            var reply = await new RecommendationService.RecommendationServiceClient(secure).RecommendAsync(request);
            // Plain HTTP/2 reaches a TLS port: the client fails the call itself (its status is the client's word for a broken connection).
            var refused = await Assert.ThrowsAsync<RpcException>(() => new RecommendationService.RecommendationServiceClient(plain).RecommendAsync(request).ResponseAsync);

            Assert.NotEmpty(reply.ModelVersion);
            Assert.NotEqual(StatusCode.OK, refused.StatusCode);
        }
        finally
        {
            await engine.StopAsync();
            await engine.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
