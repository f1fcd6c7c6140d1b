namespace PersonalizationEngine.Server.Configuration;

/// <summary>
/// Who may call the engine (section "Engine:Auth"). With neither API keys nor JWT configured every call is
/// anonymous, which the engine allows only while it listens on a loopback address.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>Keys sent as the "x-api-key" header, each with its scopes.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Bearer tokens ("authorization: Bearer ..."); scopes from the "scope" (or "scp") claim.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>Allow anonymous calls on a non-loopback address (for a network that is private by other means).</summary>
    public bool AllowAnonymousOnNetwork { get; set; }

    public bool Enabled => ApiKeys.Count > 0 || Jwt.Enabled;
}
