using System.Text.Json;
using Npgsql;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Storage.EventLog.Postgres;

namespace PersonalizationEngine.Storage.Models;

/// <summary>
/// A model's runs in PostgreSQL (pe_model_runs, created with the shared log): one row per run, a
/// published one with its snapshot, written in one statement, so a run is never listed without its model.
/// The trainer may move to another silo when its silo dies; it continues the same version numbers.
/// </summary>
public sealed class PostgresModelArchive : IModelArchive
{
    private readonly string _model;
    private readonly string _connectionString;

    public PostgresModelArchive(string model, string connectionString)
    {
        (_model, _connectionString) = (model, connectionString);
        PostgresSchema.EnsureCreated(connectionString);
    }

    public bool Shared => true;

    public IReadOnlyList<ModelVersionInfo> History()
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT info FROM pe_model_runs WHERE model = @model ORDER BY version");
        using var reader = command.ExecuteReader();
        var runs = new List<ModelVersionInfo>();
        while (reader.Read()) runs.Add(JsonSerializer.Deserialize<ModelVersionInfo>(reader.GetString(0))!);
        return runs;
    }

    public int NextVersion()
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT coalesce(max(version), 0) + 1 FROM pe_model_runs WHERE model = @model");
        return (int)command.ExecuteScalar()!;
    }

    public void Record(ModelVersionInfo run) => Insert(run, null);

    public void Publish(ModelVersionInfo run, Action<Stream> writeSnapshot)
    {
        using var snapshot = new MemoryStream();
        writeSnapshot(snapshot);
        Insert(run, snapshot.ToArray());
    }

    public byte[]? ReadSnapshot(int version)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT snapshot FROM pe_model_runs WHERE model = @model AND version = @version");
        command.Parameters.AddWithValue("version", version);
        return command.ExecuteScalar() as byte[];
    }

    /// <summary>A second run with the same version (two trainers at once, which the grain directory rules out) fails on the key.</summary>
    private void Insert(ModelVersionInfo run, byte[]? snapshot)
    {
        using var connection = Open();
        using var command = Command(connection,
            "INSERT INTO pe_model_runs (model, version, info, snapshot) VALUES (@model, @version, @info, @snapshot)");
        command.Parameters.AddWithValue("version", run.Version);
        command.Parameters.AddWithValue("info", JsonSerializer.Serialize(run));
        command.Parameters.Add(new NpgsqlParameter("snapshot", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = (object?)snapshot ?? DBNull.Value });
        command.ExecuteNonQuery();
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private NpgsqlCommand Command(NpgsqlConnection connection, string sql)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("model", _model);
        return command;
    }
}
