using System.Security.Claims;

namespace PersonalizationEngine.Server.Security;

/// <summary>
/// What a caller may do: "ingest" (events, catalog and offer upserts), "read" (recommendations, offers,
/// propensity, sentiment, forecasts, segments, products), "admin" (model status, retraining, erasure;
/// admin may also do everything else). Health checks need none.
/// </summary>
public static class Scopes
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Admin = "admin";

    /// <summary>The claim scopes are carried in (space-separated, as OAuth 2.0 does).</summary>
    public const string ClaimType = "scope";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Ingest, Read, Admin], StringComparer.Ordinal);

    private const string Api = "/personalization.v1.";

    /// <summary>The scope a gRPC method needs (its full name, "/package.Service/Method"); null for none.</summary>
    public static string? RequiredFor(string method) => method switch
    {
        _ when method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal) => null,
        _ when method.StartsWith(Api + "EventService/", StringComparison.Ordinal) => Ingest,
        Api + "CatalogService/UpsertProducts" or Api + "CatalogService/UpsertOffers" => Ingest,
        _ when method.StartsWith(Api + "ModelAdminService/", StringComparison.Ordinal) => Admin,
        _ when method.StartsWith(Api, StringComparison.Ordinal) => Read,
        _ when method.StartsWith("/grpc.reflection.", StringComparison.Ordinal) => Read,
        // Anything else (a method added without a decision here) is for admins only.
        _ => Admin,
    };

    /// <summary>The scopes a principal holds: every "scope" or "scp" claim, each split at spaces.</summary>
    public static IReadOnlySet<string> Of(ClaimsPrincipal user) =>
        user.Claims.Where(c => c.Type is ClaimType or "scp" or "http://schemas.microsoft.com/identity/claims/scope")
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);

    public static bool Allows(IReadOnlySet<string> held, string required) => held.Contains(required) || held.Contains(Admin);
}
