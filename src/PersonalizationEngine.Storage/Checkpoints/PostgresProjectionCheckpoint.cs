using Npgsql;
using PersonalizationEngine.Storage.EventLog.Postgres;

namespace PersonalizationEngine.Storage.Checkpoints;

/// <summary>
/// The checkpoint of the shared log, beside it in PostgreSQL (pe_projection_checkpoint): whichever silo
/// projects next resumes from it. A write never moves it back, so a silo that does not project (whose own
/// watermark is where it started) cannot undo the projecting silo's progress.
/// </summary>
public sealed class PostgresProjectionCheckpoint : IProjectionCheckpoint
{
    private readonly string _connectionString;

    public PostgresProjectionCheckpoint(string connectionString)
    {
        _connectionString = connectionString;
        PostgresSchema.EnsureCreated(connectionString);
    }

    public long Read()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT sequence FROM pe_projection_checkpoint WHERE id = 1", connection);
        return (long)command.ExecuteScalar()!;
    }

    public void Write(long sequence)
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("UPDATE pe_projection_checkpoint SET sequence = GREATEST(sequence, @sequence) WHERE id = 1", connection);
        command.Parameters.AddWithValue("sequence", sequence);
        command.ExecuteNonQuery();
    }
}
