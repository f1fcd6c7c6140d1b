using Npgsql;
using NpgsqlTypes;

namespace PersonalizationEngine.Storage.EventLog.Postgres;

/// <summary>Reading and writing the rows of pe_event_log: a record's payload is the same binary codec the file log frames.</summary>
internal static class PostgresLogRows
{
    private const string PageQuery =
        "SELECT sequence, payload FROM pe_event_log WHERE sequence > @after AND sequence <= @upTo ORDER BY sequence LIMIT @limit";

    /// <summary>One page of records after <paramref name="after"/> and at most <paramref name="upTo"/>, in order.</summary>
    public static async Task<List<LogRecord>> ReadPageAsync(NpgsqlConnection connection, long after, long upTo, int limit, CancellationToken cancellationToken)
    {
        await using var command = PageCommand(connection, after, upTo, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<LogRecord>();
        while (await reader.ReadAsync(cancellationToken)) records.Add(Decode(reader));
        return records;
    }

    /// <summary>The synchronous form of <see cref="ReadPageAsync"/>, for the log's enumerating reader.</summary>
    public static List<LogRecord> ReadPage(NpgsqlConnection connection, long after, long upTo, int limit)
    {
        using var command = PageCommand(connection, after, upTo, limit);
        using var reader = command.ExecuteReader();
        var records = new List<LogRecord>();
        while (reader.Read()) records.Add(Decode(reader));
        return records;
    }

    /// <summary>Writes staged rows with one binary COPY.</summary>
    public static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<StagedRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY pe_event_log (sequence, event_id, customer_id, payload) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(row.Sequence, NpgsqlDbType.Bigint, cancellationToken);
            await WriteTextAsync(import, row.EventId, cancellationToken);
            await WriteTextAsync(import, row.CustomerId, cancellationToken);
            await import.WriteAsync(row.Payload, NpgsqlDbType.Bytea, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }

    private static NpgsqlCommand PageCommand(NpgsqlConnection connection, long after, long upTo, int limit)
    {
        var command = new NpgsqlCommand(PageQuery, connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("upTo", upTo);
        command.Parameters.AddWithValue("limit", limit);
        return command;
    }

    private static LogRecord Decode(NpgsqlDataReader reader)
    {
        var sequence = reader.GetInt64(0);
        return reader.IsDBNull(1) ? new ErasedRecord(sequence) : LogRecordCodec.Read(reader.GetFieldValue<byte[]>(1));
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter import, string? value, CancellationToken cancellationToken) =>
        value is null ? import.WriteNullAsync(cancellationToken) : import.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
}

/// <summary>A record ready to be copied in: its columns (ids for deduplication and erasure) and its encoded payload.</summary>
internal sealed record StagedRow(long Sequence, string? EventId, string? CustomerId, byte[] Payload);
