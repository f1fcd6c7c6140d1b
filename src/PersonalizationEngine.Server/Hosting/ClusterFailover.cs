using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>
/// How quickly a cluster serves a dead silo's grains elsewhere. A call that needs one of its grains waits
/// (the client retrying) until the silo is declared dead and then until the grain directory's safety lease
/// on the dead silo's grains ends: with Orleans' defaults that is about 10 s after a SIGKILL.
/// </summary>
public static class ClusterFailover
{
    /// <summary>Probes time out after 2 s (Orleans' default is 5 s): a dead silo is declared dead about 2.5 s after it died.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Every silo rereads the membership table this often (Orleans' default is 60 s). A silo declared dead by
    /// mistake (a long pause, a partition) finds its own entry dead at its next read and stops, so its grains
    /// stop answering within this period.
    /// </summary>
    public static readonly TimeSpan TableRefresh = TimeSpan.FromSeconds(1);

    /// <summary>Slack on top of the lease the refresh needs: clocks, a read that takes a moment.</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// The directory's lease keeps a dead silo's grains from being activated elsewhere until that silo has
    /// surely stopped. Orleans starts it at the earliest moment the silo can have failed (the declaration
    /// minus the longest detection window, missed probes x the longest probe timeout) and holds it 30 s by
    /// default, so new activations wait about 6 s after the declaration. Here it lasts that window plus one
    /// table refresh: it ends when a silo declared dead by mistake has read its entry and stopped, about
    /// 1.5 s after the declaration. The grains' state writes are etag-checked as well, so a stale activation
    /// that still ran could not overwrite a newer one.
    /// </summary>
    public static TimeSpan DirectoryLease(ClusterMembershipOptions membership) =>
        membership.NumMissedProbesLimit * membership.MaxProbeTimeout + membership.TableRefreshTimeout + LeaseMargin;

    public static void Configure(ISiloBuilder silo)
    {
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = ProbeTimeout;
            membership.TableRefreshTimeout = TableRefresh;
        });
        silo.Services.AddOptions<GrainDirectoryOptions>().Configure<IOptions<ClusterMembershipOptions>>(
            (directory, membership) => directory.RangeLeaseDuration = DirectoryLease(membership.Value));
    }
}
