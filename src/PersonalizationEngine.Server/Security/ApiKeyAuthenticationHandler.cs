using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Server.Configuration;

namespace PersonalizationEngine.Server.Security;

/// <summary>
/// Authenticates a call by its "x-api-key" header against the configured keys (compared in constant
/// time), giving the key's name and scopes as claims. No header: no result, so a bearer token may
/// authenticate the call instead; a wrong key fails.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptions<EngineOptions> engine) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "x-api-key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0) return Task.FromResult(AuthenticateResult.NoResult());
        var presented = Encoding.UTF8.GetBytes(values.ToString());
        var key = engine.Value.Auth.ApiKeys.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(k.Key), presented));
        if (key is null) return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name), new(Scopes.ClaimType, string.Join(' ', key.Scopes)) };
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
