using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Testing;
using EngineApplication = PersonalizationEngine.Server.Hosting.EngineApplication;

namespace PersonalizationEngine.Client.Tests;

/// <summary>The client library against a running engine that wants an API key.</summary>
public sealed class ClientTests : IAsyncLifetime
{
    private const string Key = "client-test-key-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("pe-client-").FullName;
    private readonly int _grpcPort = FreePort.Next();
    private Microsoft.AspNetCore.Builder.WebApplication _engine = null!;

    private string Address => $"http://127.0.0.1:{_grpcPort}";

    // Two calls at once at most, so that concurrent callers are shed (RESOURCE_EXHAUSTED) and retried.
    public async Task InitializeAsync() => _engine = await StartEngineAsync(_folder, _grpcPort, "--Engine:MaxConcurrentCalls=2");

    private static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartEngineAsync(string folder, int grpcPort, params string[] settings)
    {
        var engine = EngineApplication.Create([
            $"--Engine:DataFolder={folder}", $"--Engine:GrpcPort={grpcPort}", "--Engine:Dashboard=false", $"--Engine:DashboardPort={FreePort.Next()}",
            $"--Engine:SiloPort={FreePort.Next()}", $"--Engine:GatewayPort={FreePort.Next()}",
            "--Engine:DemoOnFirstStart=false", "--Logging:LogLevel:Default=Warning",
            "--Engine:Auth:ApiKeys:0:Name=app", $"--Engine:Auth:ApiKeys:0:Key={Key}", "--Engine:Auth:ApiKeys:0:Scopes:0=admin", .. settings]);
        await engine.StartAsync();
        return engine;
    }

    public async Task DisposeAsync()
    {
        await _engine.StopAsync();
        await _engine.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static readonly RecommendRequest Recommend = new() { CustomerId = "C-client", Count = 3 };

    [Fact]
    public async Task Calls_carry_the_api_key_and_without_it_are_refused()
    {
        using var client = new PersonalizationClient(new PersonalizationClientOptions { Addresses = [Address], ApiKey = Key });
        using var anonymous = new PersonalizationClient(new PersonalizationClientOptions { Addresses = [Address], MaxAttempts = 1 });

        var reply = await client.Recommendations.RecommendAsync(Recommend);
        var refused = await Assert.ThrowsAsync<RpcException>(() => anonymous.Recommendations.RecommendAsync(Recommend).ResponseAsync);

        Assert.NotEmpty(reply.ModelVersion);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task An_address_that_does_not_answer_is_passed_over()
    {
        var down = $"http://127.0.0.1:{FreePort.Next()}";
        using var client = new PersonalizationClient(new PersonalizationClientOptions { Addresses = [down, Address], ApiKey = Key });

        for (var i = 0; i < 20; i++) await client.Recommendations.RecommendAsync(Recommend);
    }

    [Fact]
    public async Task When_a_silo_stops_mid_run_every_call_still_succeeds_on_the_other()
    {
        var otherFolder = Directory.CreateTempSubdirectory("pe-client-").FullName;
        var otherPort = FreePort.Next();
        var other = await StartEngineAsync(otherFolder, otherPort);
        try
        {
            using var client = new PersonalizationClient(new PersonalizationClientOptions
            {
                Addresses = [Address, $"http://127.0.0.1:{otherPort}"], ApiKey = Key, InitialBackoff = TimeSpan.FromMilliseconds(20),
            });
            // Calls one at a time: the shedding limit of the first engine does not come into it.
            for (var i = 0; i < 20; i++) await client.Recommendations.RecommendAsync(Recommend);
            var stopping = other.StopAsync();
            for (var i = 0; i < 40; i++) await client.Recommendations.RecommendAsync(Recommend);
            await stopping;
        }
        finally
        {
            await other.DisposeAsync();
            Directory.Delete(otherFolder, recursive: true);
        }
    }

    [Fact]
    public async Task Calls_shed_by_a_busy_engine_are_retried_with_backoff_until_they_succeed()
    {
        using var retrying = new PersonalizationClient(new PersonalizationClientOptions
        {
            Addresses = [Address], ApiKey = Key, MaxAttempts = 5, InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(500),
        });
        using var once = new PersonalizationClient(new PersonalizationClientOptions { Addresses = [Address], ApiKey = Key, MaxAttempts = 1 });

        // Eight callers at once against a limit of two running calls: without retries some are shed.
        var shed = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = 0; i < 10; i++)
            {
                try { await once.Recommendations.RecommendAsync(Recommend); }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted) { Interlocked.Increment(ref shed); }
            }
        }));
        // Four callers with retries: a shed attempt waits a random backoff and tries again.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var i = 0; i < 10; i++) await retrying.Recommendations.RecommendAsync(Recommend);
        }));

        Assert.True(shed > 0, "the engine shed no call, so the retries were not exercised");
    }

    [Fact]
    public async Task A_call_past_its_deadline_ends_with_deadline_exceeded()
    {
        using var client = new PersonalizationClient(new PersonalizationClientOptions { Addresses = [Address], ApiKey = Key, Deadline = TimeSpan.FromTicks(1) });

        var late = await Assert.ThrowsAsync<RpcException>(() => client.Recommendations.RecommendAsync(Recommend).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, late.StatusCode);
    }

    [Fact]
    public async Task Registered_for_injection_each_service_client_shares_one_configured_channel()
    {
        var services = new ServiceCollection().AddPersonalizationClient(o =>
        {
            o.Addresses = [Address];
            o.ApiKey = Key;
        });
        await using var provider = services.BuildServiceProvider();

        var recommendations = provider.GetRequiredService<RecommendationService.RecommendationServiceClient>();
        var status = await provider.GetRequiredService<ModelAdminService.ModelAdminServiceClient>().GetModelStatusAsync(new GetModelStatusRequest());

        Assert.NotEmpty((await recommendations.RecommendAsync(Recommend)).ModelVersion);
        Assert.NotNull(status);
        Assert.Same(provider.GetRequiredService<PersonalizationClient>().Recommendations, recommendations);
    }

    [Fact]
    public void More_than_five_attempts_are_not_capped_by_the_channel()
    {
        // grpc-dotnet would quietly cut a policy of 16 attempts to 5 (its default MaxRetryAttempts): the fault test needs them all.
        var channel = EngineChannel.ChannelOptions(new PersonalizationClientOptions { MaxAttempts = 16 });

        Assert.Equal(16, channel.MaxRetryAttempts);
        Assert.Equal(16, channel.ServiceConfig!.MethodConfigs[0].RetryPolicy!.MaxAttempts);
    }

    [Fact]
    public void Options_that_cannot_work_are_refused()
    {
        Assert.Throws<ArgumentException>(() => EngineChannel.Create(new PersonalizationClientOptions { Addresses = [] }));
        Assert.Throws<ArgumentException>(() => EngineChannel.Create(new PersonalizationClientOptions { Addresses = ["http://a:1", "https://b:2"] }));
        Assert.Throws<ArgumentException>(() => EngineChannel.Create(new PersonalizationClientOptions { MaxAttempts = 0 }));
    }
}
