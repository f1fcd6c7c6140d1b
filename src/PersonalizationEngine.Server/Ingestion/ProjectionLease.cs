using Microsoft.Extensions.Options;
using Npgsql;
using PersonalizationEngine.Server.Configuration;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>
/// With the shared log, one silo at a time projects it to the grains: the one holding a PostgreSQL advisory
/// lock on a connection of its own. The others try for it every second; when the holder dies its
/// connection drops, PostgreSQL releases the lock, and the next silo resumes from the shared checkpoint
/// (grains skip the events they already hold, so an overlap is harmless). A holder that loses its
/// connection stops the engine rather than project alongside the silo that took over.
/// </summary>
public sealed class ProjectionLease(
    IOptions<EngineOptions> options, ProjectionFeed feed, IProjectionCheckpoint checkpoint, IHostApplicationLifetime lifetime, ILogger<ProjectionLease> logger)
    : BackgroundService
{
    // Any constant that no other application's advisory lock on the same database uses.
    private const long LockKey = 0x5045_5052_4F4A;
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>Whether this silo projects the log now.</summary>
    public bool Held { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not pooled: closing the connection must end the session, and with it the lock.
        var connectionString = new NpgsqlConnectionStringBuilder(options.Value.Postgres) { Pooling = false }.ConnectionString;
        NpgsqlConnection? held = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (held is null) held = await TryAcquireAsync(connectionString, stoppingToken);
                    else await ScalarAsync(held, "SELECT 1", stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    if (Held)
                    {
                        logger.LogCritical(ex, "Lost the projection lease (the connection to PostgreSQL broke); stopping so another silo projects alone");
                        lifetime.StopApplication();
                        return;
                    }
                    logger.LogWarning(ex, "Could not ask PostgreSQL for the projection lease; retrying");
                }
                await Task.Delay(Period, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            if (held is not null) await held.DisposeAsync();
        }
    }

    private async Task<NpgsqlConnection?> TryAcquireAsync(string connectionString, CancellationToken stoppingToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(stoppingToken);
        if (!(bool)(await ScalarAsync(connection, $"SELECT pg_try_advisory_lock({LockKey})", stoppingToken))!)
        {
            await connection.DisposeAsync();
            return null;
        }
        Held = true;
        var after = checkpoint.Read();
        logger.LogInformation("This silo holds the projection lease: projecting the shared log from position {Position}", after);
        feed.Start(after);
        return connection;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
