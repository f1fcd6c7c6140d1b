using PersonalizationEngine.Storage.Checkpoints;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Projection;

/// <summary>
/// Starts after the silo: passes each group of commits to the <see cref="ICommitFollower"/>s and the feed, and
/// has the feed replay the events after the projection checkpoint from the log first (the grains skip what
/// they already hold), so every grain receives its events in log order. With the shared log the projection
/// starts only on the silo that holds the <see cref="ProjectionLease"/>.
/// </summary>
public sealed class ProjectionStart(
    IEventLog log, ProjectionFeed feed, IProjectionCheckpoint checkpoint, ProjectionSettings settings, IEnumerable<ICommitFollower> followers)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var following = followers.ToArray();
        log.OnCommitted(records =>
        {
            foreach (var follower in following) follower.OnCommitted(records);
            feed.OnCommitted(records);
        });
        if (!settings.SharedLog) feed.Start(checkpoint.Read());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
