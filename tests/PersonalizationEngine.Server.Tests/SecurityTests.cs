using System.Security.Claims;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Hosting;
using PersonalizationEngine.Server.Security;

namespace PersonalizationEngine.Server.Tests;

/// <summary>An engine with API keys and JWT bearer tokens configured.</summary>
public sealed class SecuredEngineFixture : IAsyncLifetime
{
    public const string ReadKey = "read-key-0123456789";
    public const string IngestKey = "ingest-key-0123456789";
    public const string SlowKey = "slow-key-0123456789";
    public static readonly byte[] SigningKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public RunningEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync() => Engine = await RunningEngine.StartAsync(RunningEngine.NewDataFolder(),
        "Auth:ApiKeys:0:Name=web", $"Auth:ApiKeys:0:Key={ReadKey}", "Auth:ApiKeys:0:Scopes:0=read",
        "Auth:ApiKeys:1:Name=loader", $"Auth:ApiKeys:1:Key={IngestKey}", "Auth:ApiKeys:1:Scopes:0=ingest",
        "Auth:ApiKeys:2:Name=slow", $"Auth:ApiKeys:2:Key={SlowKey}", "Auth:ApiKeys:2:Scopes:0=read", "Auth:ApiKeys:2:RequestsPerSecond=2",
        $"Auth:Jwt:SigningKey={Convert.ToBase64String(SigningKey)}", "Auth:Jwt:Issuer=test-issuer", "Auth:Jwt:Audience=engine");

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        Directory.Delete(Engine.DataFolder, recursive: true);
    }
}

[Collection(EngineCollection.Name)]
public class SecurityTests(SecuredEngineFixture fixture) : IClassFixture<SecuredEngineFixture>
{
    private static readonly RecommendRequest Recommend = new() { CustomerId = "someone", Count = 3 };

    private static Metadata Key(string key) => new() { { "x-api-key", key } };

    private static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };

    private static string Token(string scopes, DateTime expires, byte[]? key = null, string audience = "engine") =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "test-issuer",
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "app-1"), new Claim("scope", scopes)]),
            NotBefore = expires.AddHours(-2),
            IssuedAt = expires.AddHours(-2),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? SecuredEngineFixture.SigningKey), SecurityAlgorithms.HmacSha256),
        });

    private static async Task<StatusCode> StatusOf(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    [Fact]
    public async Task A_call_without_credentials_or_with_an_unknown_key_is_unauthenticated_but_health_needs_none()
    {
        var engine = fixture.Engine;
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => engine.Recommendations.RecommendAsync(Recommend).ResponseAsync));
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => engine.Recommendations.RecommendAsync(Recommend, Key("not-a-key-0123456789")).ResponseAsync));
        var health = await new Health.HealthClient(engine.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Each_key_may_call_only_what_its_scopes_allow()
    {
        var engine = fixture.Engine;
        var track = new TrackRequest { Events = { new Event { EventId = Guid.NewGuid().ToString(), CustomerId = "c-scope", ProductId = "p1", Type = EventType.View } } };
        Assert.Equal(StatusCode.OK, await StatusOf(() => engine.Recommendations.RecommendAsync(Recommend, Key(SecuredEngineFixture.ReadKey)).ResponseAsync));
        var denied = await Assert.ThrowsAsync<RpcException>(() => engine.Events.TrackAsync(track, Key(SecuredEngineFixture.ReadKey)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains("'ingest'", denied.Status.Detail);
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => engine.Admin.GetModelStatusAsync(new GetModelStatusRequest(), Key(SecuredEngineFixture.ReadKey)).ResponseAsync));
        Assert.Equal(StatusCode.OK, await StatusOf(() => engine.Events.TrackAsync(track, Key(SecuredEngineFixture.IngestKey)).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => engine.Recommendations.RecommendAsync(Recommend, Key(SecuredEngineFixture.IngestKey)).ResponseAsync));
    }

    [Fact]
    public async Task A_streamed_upload_needs_credentials_too()
    {
        using var call = fixture.Engine.Events.TrackStream();
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(async () =>
        {
            await call.RequestStream.WriteAsync(new Event { EventId = Guid.NewGuid().ToString(), CustomerId = "c-stream", ProductId = "p1", Type = EventType.View });
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync;
        }));
    }

    [Fact]
    public async Task A_bearer_token_is_accepted_while_valid_and_signed_with_the_key_and_gives_its_scopes()
    {
        var engine = fixture.Engine;
        var later = DateTime.UtcNow.AddHours(1);
        Assert.Equal(StatusCode.OK, await StatusOf(() => engine.Recommendations.RecommendAsync(Recommend, Bearer(Token("read ingest", later))).ResponseAsync));
        Assert.Equal(StatusCode.PermissionDenied,
            await StatusOf(() => engine.Admin.GetModelStatusAsync(new GetModelStatusRequest(), Bearer(Token("read", later))).ResponseAsync));
        Assert.Equal(StatusCode.OK, await StatusOf(() => engine.Admin.GetModelStatusAsync(new GetModelStatusRequest(), Bearer(Token("admin", later))).ResponseAsync));
        // Expired, signed with another key, or for another audience: not authenticated.
        Assert.Equal(StatusCode.Unauthenticated,
            await StatusOf(() => engine.Recommendations.RecommendAsync(Recommend, Bearer(Token("read", DateTime.UtcNow.AddMinutes(-5)))).ResponseAsync));
        var otherKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => engine.Recommendations.RecommendAsync(Recommend, Bearer(Token("read", later, otherKey))).ResponseAsync));
        Assert.Equal(StatusCode.Unauthenticated,
            await StatusOf(() => engine.Recommendations.RecommendAsync(Recommend, Bearer(Token("read", later, audience: "someone-else"))).ResponseAsync));
    }

    [Fact]
    public async Task A_key_over_its_rate_is_told_resource_exhausted_with_its_limit()
    {
        var engine = fixture.Engine;
        var statuses = new List<StatusCode>();
        RpcException? refused = null;
        // A bucket of 2 calls per second: of 6 calls in a row, at least one is over (they take far less than 2 s).
        for (var i = 0; i < 6; i++)
        {
            try
            {
                await engine.Recommendations.RecommendAsync(Recommend, Key(SecuredEngineFixture.SlowKey));
                statuses.Add(StatusCode.OK);
            }
            catch (RpcException e)
            {
                statuses.Add(e.StatusCode);
                refused ??= e;
            }
        }
        Assert.Equal(StatusCode.OK, statuses[0]);
        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("'key:slow'", refused.Status.Detail);
        Assert.Contains("2 calls per second", refused.Status.Detail);
        Assert.Equal("500", refused.Trailers.GetValue(Overloaded.RetryPushbackTrailer)); // the bucket's next token
        // Another key has its own bucket.
        Assert.Equal(StatusCode.OK, await StatusOf(() => engine.Recommendations.RecommendAsync(Recommend, Key(SecuredEngineFixture.ReadKey)).ResponseAsync));
    }

    [Fact]
    public void Listening_beyond_loopback_without_credentials_or_with_a_weak_key_stops_the_engine_at_start()
    {
        var open = Assert.Throws<OptionsValidationException>(() => EngineApplication.Create(["--Engine:ListenAddress=0.0.0.0"]));
        Assert.Contains("Engine:Auth", open.Message);
        var weak = Assert.Throws<OptionsValidationException>(() => EngineApplication.Create(
            ["--Engine:Auth:ApiKeys:0:Name=web", "--Engine:Auth:ApiKeys:0:Key=short", "--Engine:Auth:ApiKeys:0:Scopes:0=reader"]));
        Assert.Contains("Engine:Auth:ApiKeys:0:Key", weak.Message);
        Assert.Contains("unknown scope 'reader'", weak.Message);
    }
}

public class SecurityRegistrationTests
{
    [Fact]
    public void Authentication_is_registered_only_with_credentials_configured()
    {
        // The host adds the authentication middleware by itself wherever the schemes are registered: without
        // credentials every request would run it for no one to identify.
        var anonymous = new ServiceCollection().AddEngineSecurity(new EngineOptions());
        var secured = new EngineOptions();
        secured.Auth.ApiKeys.Add(new ApiKeyOptions { Name = "web", Key = "read-key-0123456789" });
        var withKeys = new ServiceCollection().AddEngineSecurity(secured);

        Assert.DoesNotContain(anonymous, s => s.ServiceType == typeof(IAuthenticationSchemeProvider));
        Assert.Contains(withKeys, s => s.ServiceType == typeof(IAuthenticationSchemeProvider));
    }
}
