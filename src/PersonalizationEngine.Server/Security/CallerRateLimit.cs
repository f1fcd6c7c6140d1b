using System.Security.Claims;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Hosting;

namespace PersonalizationEngine.Server.Security;

/// <summary>
/// Per-caller rate limits (System.Threading.RateLimiting, the limiters behind ASP.NET Core's rate-limiting
/// middleware): each API key, and each bearer-token subject, has a token bucket of its calls per second.
/// A call over the limit is answered RESOURCE_EXHAUSTED at once, naming the limit; the middleware itself
/// would answer HTTP 429, which gRPC clients see as UNAVAILABLE. Health checks are never limited.
/// One instance for the process: the buckets must outlive a call.
/// </summary>
public sealed class CallerRateLimit(IOptions<EngineOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<(string Caller, int PerSecond)> _limiter = PartitionedRateLimiter.Create<(string Caller, int PerSecond), string>(
        call => call.PerSecond <= 0
            ? RateLimitPartition.GetNoLimiter(call.Caller)
            : RateLimitPartition.GetTokenBucketLimiter(call.Caller, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = call.PerSecond,
                TokensPerPeriod = call.PerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    public void Dispose() => _limiter.Dispose();

    /// <summary>Takes one token from the caller's bucket (a token bucket's lease holds nothing to give back).</summary>
    public void Check(ServerCallContext context)
    {
        // Without credentials configured every caller is anonymous, and anonymous calls have no bucket.
        if (!options.Value.Auth.Enabled || Scopes.RequiredFor(context.Method) is null || LimitOf(context.GetHttpContext().User) is not { } call) return;
        using var lease = _limiter.AttemptAcquire(call);
        // The hint: the time until the bucket gets its next token.
        if (!lease.IsAcquired) throw Overloaded.Exception(
            $"caller '{call.Caller}' is over its limit of {call.PerSecond} calls per second", TimeSpan.FromSeconds(1.0 / call.PerSecond));
    }

    /// <summary>The caller and its limit: the API key's, or the JWT setting for a token's subject; null when anonymous.</summary>
    private (string Caller, int PerSecond)? LimitOf(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true } identity) return null;
        var auth = options.Value.Auth;
        if (identity.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)
            return auth.ApiKeys.FirstOrDefault(k => k.Name == identity.Name) is { } key ? ($"key:{key.Name}", key.RequestsPerSecond) : null;
        var subject = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub") ?? identity.Name ?? "token";
        return ($"token:{subject}", auth.Jwt.RequestsPerSecond);
    }
}
