using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;

namespace PersonalizationEngine.Storage.GrainStorage;

/// <summary>
/// Embedded durable grain storage: one SQLite database file, one row per grain state, with optimistic
/// concurrency through an integer etag. WAL journal with synchronous=NORMAL, so a process crash loses no
/// committed write; <see cref="MakeDurableAsync"/> forces everything to disk (an OS crash or power loss can
/// otherwise lose the last commits, which the engine replays from its event log). Reads have a connection
/// of their own, so a grain activating never waits behind a queue of writes (WAL lets them run together).
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteConnection _readConnection;
    private readonly IGrainStorageSerializer _serializer;
    // One writer at a time (SQLite serializes writers anyway), and one reader at a time per connection.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _readGate = new(1, 1);

    public SqliteGrainStorage(string databasePath, IGrainStorageSerializer serializer)
    {
        _serializer = serializer;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString();
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; " +
                "CREATE TABLE IF NOT EXISTS grain_state (state_name TEXT NOT NULL, grain_id TEXT NOT NULL, " +
                "etag INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (state_name, grain_id)) WITHOUT ROWID;");
        _readConnection = new SqliteConnection(connectionString);
        _readConnection.Open();
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _readGate.WaitAsync();
        try
        {
            using var command = Command(_readConnection, "SELECT etag, data FROM grain_state WHERE state_name = $s AND grain_id = $g", stateName, grainId);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                grainState.State = Activator.CreateInstance<T>();
                grainState.ETag = null;
                grainState.RecordExists = false;
                return;
            }
            grainState.ETag = reader.GetInt64(0).ToString();
            grainState.State = _serializer.Deserialize<T>(new BinaryData((byte[])reader[1]));
            grainState.RecordExists = true;
        }
        finally
        {
            _readGate.Release();
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = _serializer.Serialize(grainState.State).ToArray();
        await _gate.WaitAsync();
        try
        {
            var nextETag = grainState.ETag is null ? 1 : long.Parse(grainState.ETag) + 1;
            using var command = grainState.ETag is null
                ? Command(_connection, "INSERT INTO grain_state (state_name, grain_id, etag, data) VALUES ($s, $g, 1, $d) ON CONFLICT DO NOTHING", stateName, grainId)
                : Command(_connection, "UPDATE grain_state SET etag = etag + 1, data = $d WHERE state_name = $s AND grain_id = $g AND etag = $e", stateName, grainId);
            command.Parameters.AddWithValue("$d", data);
            if (grainState.ETag is not null) command.Parameters.AddWithValue("$e", long.Parse(grainState.ETag));
            if (command.ExecuteNonQuery() != 1)
                throw new InconsistentStateException($"Grain state {stateName}/{grainId} was changed by another writer", grainState.ETag ?? "", "?");
            grainState.ETag = nextETag.ToString();
            grainState.RecordExists = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _gate.WaitAsync();
        try
        {
            using var command = Command(_connection, "DELETE FROM grain_state WHERE state_name = $s AND grain_id = $g", stateName, grainId);
            command.ExecuteNonQuery();
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = Activator.CreateInstance<T>();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forces every committed write to disk (a full WAL checkpoint, which syncs the database file).</summary>
    public async Task MakeDurableAsync()
    {
        await _gate.WaitAsync();
        try
        {
            Execute("PRAGMA wal_checkpoint(FULL);");
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _readConnection.Dispose();
        _connection.Dispose();
        _gate.Dispose();
        _readGate.Dispose();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$s", stateName);
        command.Parameters.AddWithValue("$g", grainId.ToString());
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
