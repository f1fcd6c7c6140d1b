using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using PersonalizationEngine.Server.Configuration;

namespace PersonalizationEngine.Server.Security;

/// <summary>Registers authentication (API keys, JWT bearer tokens) and the per-caller rate limiter.</summary>
public static class SecurityServiceCollectionExtensions
{
    private const string EitherScheme = "ApiKeyOrBearer";

    public static IServiceCollection AddEngineSecurity(this IServiceCollection services, EngineOptions options)
    {
        services.AddSingleton<CallerAuthorization>();
        services.AddSingleton<CallerRateLimit>();
        // Without credentials configured there is no one to identify. The schemes are not even registered then: the
        // host adds the authentication middleware by itself wherever they are, and every request would run it for nothing.
        if (!options.Auth.Enabled) return services;
        var jwt = options.Auth.Jwt;
        var authentication = services.AddAuthentication(EitherScheme)
            // A call with an x-api-key header is judged by its key; any other by its bearer token (if configured).
            .AddPolicyScheme(EitherScheme, "API key or bearer token", policy => policy.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) || !jwt.Enabled
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (jwt.Enabled) authentication.AddJwtBearer(bearer => ConfigureBearer(bearer, jwt));
        return services;
    }

    private static void ConfigureBearer(JwtBearerOptions bearer, JwtOptions jwt)
    {
        // Keep the token's own claim names ("sub", "scope"), which the scope check and the rate limiter read.
        bearer.MapInboundClaims = false;
        if (jwt.Authority.Length > 0) bearer.Authority = jwt.Authority;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = jwt.Issuer.Length > 0,
            ValidIssuer = jwt.Issuer,
            ValidateAudience = jwt.Audience.Length > 0,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            IssuerSigningKey = jwt.SigningKey.Length > 0 ? new SymmetricSecurityKey(Convert.FromBase64String(jwt.SigningKey)) : null,
        };
    }
}
