using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>SERVING once the silo is active and this silo's event log is open.</summary>
public sealed class EngineHealthCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"silo is {status}"));
    }
}
