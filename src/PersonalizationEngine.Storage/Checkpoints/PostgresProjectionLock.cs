using Npgsql;

namespace PersonalizationEngine.Storage.Checkpoints;

/// <summary>
/// The shared log's projection lock: a PostgreSQL advisory lock held on a connection of its own, not pooled,
/// so that closing the connection (or the holder dying) ends the session and releases the lock.
/// </summary>
public sealed class PostgresProjectionLock(string connectionString) : IAsyncDisposable
{
    // Any constant that no other application's advisory lock on the same database uses.
    private const long LockKey = 0x5045_5052_4F4A;

    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
    private NpgsqlConnection? _held;

    public bool Held => _held is not null;

    /// <summary>Takes the lock if no other session holds it; true when this one holds it now.</summary>
    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        if (_held is not null) return true;
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if ((bool)(await ScalarAsync(connection, $"SELECT pg_try_advisory_lock({LockKey})", cancellationToken))!)
        {
            _held = connection;
            return true;
        }
        await connection.DisposeAsync();
        return false;
    }

    /// <summary>Throws when the holding connection broke (the lock is then gone).</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (_held is not null) await ScalarAsync(_held, "SELECT 1", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_held is not null) await _held.DisposeAsync();
        _held = null;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
