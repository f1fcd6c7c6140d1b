using System.Collections.Concurrent;
using Npgsql;

namespace PersonalizationEngine.Storage.EventLog.Postgres;

/// <summary>Creates the shared log's and model runs' tables (schema.sql) if they are missing; once per database per process.</summary>
public static class PostgresSchema
{
    private static readonly ConcurrentDictionary<string, bool> Created = new();

    // Any constant: silos starting together create the tables one at a time (CREATE ... IF NOT EXISTS races otherwise).
    private const long CreationLock = 0x5045_4C4F_4731;

    public static void EnsureCreated(string connectionString)
    {
        if (Created.ContainsKey(connectionString)) return;
        using var dataSource = NpgsqlDataSource.Create(connectionString);
        EnsureCreated(dataSource);
        Created[connectionString] = true;
    }

    internal static void EnsureCreated(NpgsqlDataSource dataSource)
    {
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", CreationLock);
            lockCommand.ExecuteNonQuery();
        }
        using (var create = new NpgsqlCommand(Script(), connection, transaction)) create.ExecuteNonQuery();
        transaction.Commit();
    }

    private static string Script()
    {
        using var stream = typeof(PostgresSchema).Assembly.GetManifestResourceStream("PersonalizationEngine.Storage.EventLog.Postgres.schema.sql")
            ?? throw new InvalidOperationException("schema.sql is not embedded in the storage assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
