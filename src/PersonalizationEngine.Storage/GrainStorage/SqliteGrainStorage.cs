using System.Threading.Channels;
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
/// Writes are group-committed: one writer takes every write waiting and commits them in one transaction.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteConnection _readConnection;
    private readonly IGrainStorageSerializer _serializer;
    // One writer at a time (SQLite serializes writers anyway), and one reader at a time per connection.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _readGate = new(1, 1);
    /// <summary>Most grain writes committed in one transaction.</summary>
    private const int MaxWritesPerCommit = 1_000;
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly Task _writer;

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
        _insert = Prepared("INSERT INTO grain_state (state_name, grain_id, etag, data) VALUES ($s, $g, 1, $d) ON CONFLICT DO NOTHING");
        _update = Prepared("UPDATE grain_state SET etag = etag + 1, data = $d WHERE state_name = $s AND grain_id = $g AND etag = $e");
        _writer = Task.Run(WriteLoopAsync);
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

    /// <summary>
    /// Queues the write for the writer, which commits everything waiting in one transaction (a burst of
    /// grain writes costs one commit, not one each); completes once this write is committed.
    /// </summary>
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var write = new PendingWrite(stateName, grainId.ToString(), _serializer.Serialize(grainState.State).ToArray(),
            grainState.ETag is null ? null : long.Parse(grainState.ETag));
        await _writes.Writer.WriteAsync(write);
        if (!await write.Completion.Task)
            throw new InconsistentStateException($"Grain state {stateName}/{grainId} was changed by another writer", grainState.ETag ?? "", "?");
        grainState.ETag = ((write.ETag ?? 0) + 1).ToString();
        grainState.RecordExists = true;
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingWrite>();
        while (await _writes.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxWritesPerCommit && _writes.Reader.TryRead(out var next)) group.Add(next);
            await _gate.WaitAsync();
            try
            {
                using var transaction = _connection.BeginTransaction();
                _insert.Transaction = _update.Transaction = transaction;
                var written = group.Select(Write).ToArray();
                transaction.Commit();
                for (var i = 0; i < group.Count; i++) group[i].Completion.TrySetResult(written[i]);
            }
            catch (Exception ex)
            {
                foreach (var write in group) write.Completion.TrySetException(ex);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Inserts a new row, or updates the row whose etag the writer last saw; false when another writer got there first.</summary>
    private bool Write(PendingWrite write)
    {
        var command = write.ETag is null ? _insert : _update;
        command.Parameters["$s"].Value = write.StateName;
        command.Parameters["$g"].Value = write.GrainId;
        command.Parameters["$d"].Value = write.Data;
        command.Parameters["$e"].Value = write.ETag ?? 0;
        return command.ExecuteNonQuery() == 1;
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
        _writes.Writer.TryComplete();
        _writer.Wait();
        _insert.Dispose();
        _update.Dispose();
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

    /// <summary>A statement compiled once and run with new parameter values for every write.</summary>
    private SqliteCommand Prepared(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in new[] { "$s", "$g", "$d", "$e" }) command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value });
        command.Prepare();
        return command;
    }

    private sealed record PendingWrite(string StateName, string GrainId, byte[] Data, long? ETag)
    {
        /// <summary>True once committed; false when the etag no longer matched.</summary>
        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
