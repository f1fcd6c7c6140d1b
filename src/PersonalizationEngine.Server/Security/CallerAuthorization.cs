using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Server.Configuration;

namespace PersonalizationEngine.Server.Security;

/// <summary>
/// Every call, unary or streaming, must come from an authenticated caller (API key or bearer token)
/// holding the scope its method needs (<see cref="Scopes.RequiredFor"/>): UNAUTHENTICATED without valid
/// credentials, PERMISSION_DENIED without the scope. Does nothing when no credentials are configured.
/// </summary>
public sealed class CallerAuthorization(IOptions<EngineOptions> options)
{
    /// <summary>Throws the refusal; returns when the call may go on.</summary>
    public void Check(ServerCallContext context)
    {
        if (!options.Value.Auth.Enabled || Scopes.RequiredFor(context.Method) is not { } required) return;
        var user = context.GetHttpContext().User;
        if (user.Identity?.IsAuthenticated != true)
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                $"{context.Method} needs an API key (header {ApiKeyAuthenticationHandler.HeaderName}) or a bearer token; none valid was sent"));
        if (!Scopes.Allows(Scopes.Of(user), required))
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"{context.Method} needs the '{required}' scope, which this caller lacks"));
    }
}
