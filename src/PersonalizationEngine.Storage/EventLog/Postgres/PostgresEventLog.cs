using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Storage.EventLog.Postgres;

/// <summary>
/// One event log for every silo of a cluster, in PostgreSQL (schema.sql). Each silo's writer commits what
/// is waiting as one transaction that locks the log's head row, so records are numbered without gaps and
/// committed in sequence order across the cluster; an append is acknowledged once its transaction has
/// committed. Event ids are unique in the table, so a retried event is never appended twice, whichever
/// silo it is retried on; an erased event's id stays known by its tombstone (pe_erased_event_ids). Each silo tails the table and hands every committed record, its own and other
/// silos', to the <see cref="OnCommitted"/> listener in order.
/// </summary>
public sealed class PostgresEventLog : IEventLog
{
    private const int PageSize = 10_000;
    private const int MaxGroup = 4096;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly LogStatistics _statistics = new();
    private readonly Channel<PendingAppend> _pending = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    // "Something was committed": wakes the tail before its next poll (one pending wake at most).
    private readonly Channel<bool> _committed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;
    private readonly Lock _waitersLock = new();
    private readonly List<(long Sequence, TaskCompletionSource Seen)> _waiters = [];
    private readonly EventIdTombstones _tombstones;
    private Task _tail = Task.CompletedTask;
    private Action<IReadOnlyList<LogRecord>>? _listener;
    private long _tailSequence;

    private PostgresEventLog(NpgsqlDataSource dataSource, ILogger logger, Action<LogRecord>? onRecovered)
    {
        _dataSource = dataSource;
        _logger = logger;
        PostgresSchema.EnsureCreated(dataSource);
        _tombstones = new EventIdTombstones(LoadOrCreateTombstoneKey());
        foreach (var record in ReadAfter(0, long.MaxValue))
        {
            _statistics.Count(record);
            onRecovered?.Invoke(record);
            _tailSequence = record.Sequence;
        }
        _logger.LogInformation("Shared event log: {Events} events and {Products} catalog records through position {Position}",
            EventCount, ProductCount, _tailSequence);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Opens the log at <paramref name="connectionString"/> (creating its tables if needed), calling
    /// <paramref name="onRecovered"/> for every record committed so far, in order.
    /// </summary>
    public static PostgresEventLog Open(string connectionString, Action<LogRecord>? onRecovered = null, ILogger? logger = null) =>
        new(NpgsqlDataSource.Create(connectionString), logger ?? NullLogger.Instance, onRecovered);

    /// <summary>The position this silo has read the shared log to.</summary>
    public long CommittedSequence => Interlocked.Read(ref _tailSequence);

    public long EventCount => _statistics.EventCount;

    public long Erasures => _statistics.Erasures;

    public long ProductCount => _statistics.ProductCount;

    public DateTimeOffset? LastEventAt => _statistics.LastEventAt;

    /// <summary>Starts the tail: records committed after the log was opened, by any silo, reach <paramref name="listener"/> in order.</summary>
    public void OnCommitted(Action<IReadOnlyList<LogRecord>> listener)
    {
        _listener = listener;
        if (_tail.IsCompleted) _tail = Task.Run(TailLoopAsync);
    }

    public Task<AppendResult> AppendEventsAsync(IReadOnlyList<TrackedEvent> events, CancellationToken cancellationToken = default) =>
        AppendAsync(PendingAppend.OfEvents(events), cancellationToken);

    public Task AppendProductsAsync(IReadOnlyList<ProductInfo> products, CancellationToken cancellationToken = default) =>
        AppendAsync(PendingAppend.OfProducts(products), cancellationToken);

    public Task AppendOffersAsync(IReadOnlyList<OfferInfo> offers, CancellationToken cancellationToken = default) =>
        AppendAsync(PendingAppend.OfOffers(offers), cancellationToken);

    public async Task<Erasure> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) =>
        (await AppendAsync(PendingAppend.OfErasure(customerId), cancellationToken)).AsErasure();

    /// <summary>The tombstones' key, made by the first silo to open the log (concurrent first opens agree on one).</summary>
    private byte[] LoadOrCreateTombstoneKey()
    {
        using var connection = _dataSource.OpenConnection();
        using (var create = new NpgsqlCommand("INSERT INTO pe_log_key (id, key) VALUES (1, @key) ON CONFLICT (id) DO NOTHING", connection))
        {
            create.Parameters.AddWithValue("key", EventIdTombstones.NewKey());
            create.ExecuteNonQuery();
        }
        using var read = new NpgsqlCommand("SELECT key FROM pe_log_key WHERE id = 1", connection);
        return (byte[])read.ExecuteScalar()!;
    }

    /// <summary>Reads up to the head committed when the call began, which may be ahead of this silo's tail.</summary>
    public IEnumerable<LogRecord> ReadAfter(long afterSequence) => ReadAfter(afterSequence, CommittedHead());

    public async IAsyncEnumerable<LogRecord> ReadAfterAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long upTo;
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
        await using (var command = new NpgsqlCommand(HeadQuery, connection))
            upTo = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        for (var position = afterSequence; position < upTo;)
        {
            List<LogRecord> page;
            await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
                page = await PostgresLogRows.ReadPageAsync(connection, position, upTo, PageSize, cancellationToken);
            foreach (var record in page) yield return record;
            if (page.Count < PageSize) yield break;
            position = page[^1].Sequence;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
        await _stopping.CancelAsync();
        await _tail;
        await _dataSource.DisposeAsync();
        _stopping.Dispose();
    }

    private const string HeadQuery = "SELECT last_sequence FROM pe_log_head WHERE id = 1";

    private long CommittedHead()
    {
        using var connection = _dataSource.OpenConnection();
        using var command = new NpgsqlCommand(HeadQuery, connection);
        return (long)command.ExecuteScalar()!;
    }

    private IEnumerable<LogRecord> ReadAfter(long afterSequence, long upTo)
    {
        var position = afterSequence;
        while (position < upTo)
        {
            List<LogRecord> page;
            using (var connection = _dataSource.OpenConnection()) page = PostgresLogRows.ReadPage(connection, position, upTo, PageSize);
            foreach (var record in page) yield return record;
            if (page.Count < PageSize) yield break;
            position = page[^1].Sequence;
        }
    }

    /// <summary>Completes once the writer committed it and this silo's tail has passed it (so this silo's catalog shows it).</summary>
    private async Task<AppendResult> AppendAsync(PendingAppend pending, CancellationToken cancellationToken)
    {
        await _pending.Writer.WriteAsync(pending, cancellationToken);
        var result = await pending.Completion.Task.WaitAsync(cancellationToken);
        await SeenAsync(result.Appended.Count > 0 ? result.Appended[^1].Sequence : pending.LastSequence).WaitAsync(cancellationToken);
        return result;
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingAppend>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _pending.Reader.TryRead(out var next)) group.Add(next);
            try
            {
                var results = await CommitAsync(group);
                for (var i = 0; i < group.Count; i++) group[i].Completion.TrySetResult(results[i]);
                _committed.Writer.TryWrite(true);
            }
            catch (Exception ex)
            {
                // The transaction rolled back: nothing of the group is in the log, so the callers may retry it.
                _logger.LogError(ex, "Shared event log: a commit of {Requests} requests failed", group.Count);
                foreach (var pending in group) pending.Completion.TrySetException(new EventLogUnavailableException("the shared event log could not commit; nothing was written, retry", ex));
            }
        }
    }

    /// <summary>One transaction for the group, in request order; the head row lock orders it with every other silo's writer.</summary>
    private async Task<List<AppendResult>> CommitAsync(List<PendingAppend> group)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var head = await ScalarAsync<long>(connection, "SELECT last_sequence FROM pe_log_head WHERE id = 1 FOR UPDATE");
        var known = await KnownEventIdsAsync(connection, group, _tombstones);
        var rows = new List<StagedRow>();
        var results = new List<AppendResult>(group.Count);
        foreach (var pending in group)
        {
            if (pending.EraseCustomerId is { } customerId)
            {
                // Rows staged before the erasure are written first, so it erases them too.
                await PostgresLogRows.CopyAsync(connection, rows, CancellationToken.None);
                rows.Clear();
                results.Add(new AppendResult([], 0, await EraseAsync(connection, customerId), head));
            }
            else results.Add(Stage(pending, known, rows, ref head));
            pending.LastSequence = head;
        }
        await PostgresLogRows.CopyAsync(connection, rows, CancellationToken.None);
        await using (var advance = new NpgsqlCommand("UPDATE pe_log_head SET last_sequence = @head WHERE id = 1", connection))
        {
            advance.Parameters.AddWithValue("head", head);
            await advance.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return results;
    }

    private static AppendResult Stage(PendingAppend pending, HashSet<string> known, List<StagedRow> rows, ref long head)
    {
        var appended = new List<TrackedEvent>(pending.Events.Count);
        var duplicates = 0;
        foreach (var e in pending.Events)
        {
            if (!known.Add(e.EventId))
            {
                duplicates++;
                continue;
            }
            var record = new EventRecord(e with { Sequence = ++head });
            rows.Add(new StagedRow(head, e.EventId, e.CustomerId, Encode(record)));
            appended.Add(record.Event);
        }
        foreach (var upsert in pending.Upserts)
        {
            var record = upsert(++head);
            rows.Add(new StagedRow(head, null, null, Encode(record)));
        }
        return new AppendResult(appended, duplicates);
    }

    /// <summary>
    /// The group's event ids already in the log or erased from it (under the head lock, so no other writer adds
    /// one meanwhile).
    /// </summary>
    private static async Task<HashSet<string>> KnownEventIdsAsync(NpgsqlConnection connection, List<PendingAppend> group, EventIdTombstones tombstones)
    {
        var ids = group.SelectMany(p => p.Events).Select(e => e.EventId).Distinct(StringComparer.Ordinal).ToArray();
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (ids.Length == 0) return known;
        await using var command = new NpgsqlCommand(
            "SELECT event_id FROM pe_event_log WHERE event_id = ANY(@ids) UNION ALL " +
            "SELECT i.id FROM unnest(@ids, @tombstones) AS i(id, tombstone) JOIN pe_erased_event_ids e ON e.tombstone = i.tombstone", connection);
        command.Parameters.AddWithValue("ids", ids);
        command.Parameters.AddWithValue("tombstones", ids.Select(tombstones.BytesOf).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) known.Add(reader.GetString(0));
        return known;
    }

    /// <summary>
    /// Erases the customer's events in place: the rows stay (every reader's position holds), their payload and
    /// ids go; each id's tombstone goes to pe_erased_event_ids.
    /// </summary>
    private async Task<int> EraseAsync(NpgsqlConnection connection, string customerId)
    {
        await using var command = new NpgsqlCommand(
            "WITH erased AS (SELECT sequence, event_id FROM pe_event_log WHERE customer_id = @customer FOR UPDATE) " +
            "UPDATE pe_event_log l SET payload = NULL, event_id = NULL, customer_id = NULL FROM erased " +
            "WHERE l.sequence = erased.sequence RETURNING l.sequence, erased.event_id", connection);
        command.Parameters.AddWithValue("customer", customerId);
        var tombstones = new List<byte[]>();
        var alreadyCounted = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tombstones.Add(_tombstones.BytesOf(reader.GetString(1)));
                if (reader.GetInt64(0) <= CommittedSequence) alreadyCounted++;
            }
        }
        await using (var keep = new NpgsqlCommand("INSERT INTO pe_erased_event_ids (tombstone) SELECT unnest(@tombstones) ON CONFLICT DO NOTHING", connection))
        {
            keep.Parameters.AddWithValue("tombstones", tombstones.ToArray());
            await keep.ExecuteNonQueryAsync();
        }
        var erased = tombstones.Count;
        _statistics.Erased(alreadyCounted);
        _logger.LogInformation("Shared event log: erased {Events} events of a forgotten customer", erased);
        return erased;
    }

    /// <summary>Reads what every silo committed, in order, and hands it to the listener; wakes on this silo's commits or polls.</summary>
    private async Task TailLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                List<LogRecord> page;
                await using (var connection = await _dataSource.OpenConnectionAsync(_stopping.Token))
                    page = await PostgresLogRows.ReadPageAsync(connection, CommittedSequence, long.MaxValue, PageSize, _stopping.Token);
                if (page.Count > 0)
                {
                    foreach (var record in page) _statistics.Count(record);
                    _listener?.Invoke(page);
                    Interlocked.Exchange(ref _tailSequence, page[^1].Sequence);
                    ReleaseWaiters();
                    if (page.Count == PageSize) continue;
                }
                await Task.WhenAny(_committed.Reader.WaitToReadAsync().AsTask(), Task.Delay(PollInterval, _stopping.Token));
                _committed.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Shared event log: reading the log after position {Position} failed; retrying", CommittedSequence);
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }

    /// <summary>Completes once the tail has read up to <paramref name="sequence"/>.</summary>
    private Task SeenAsync(long sequence)
    {
        lock (_waitersLock)
        {
            if (sequence <= CommittedSequence || _tail.IsCompleted) return Task.CompletedTask;
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((sequence, seen));
            return seen.Task;
        }
    }

    private void ReleaseWaiters()
    {
        lock (_waitersLock)
        {
            var through = CommittedSequence;
            foreach (var (_, seen) in _waiters.Where(w => w.Sequence <= through)) seen.TrySetResult();
            _waiters.RemoveAll(w => w.Sequence <= through);
        }
    }

    private static byte[] Encode(LogRecord record)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer)) LogRecordCodec.Write(writer, record);
        return buffer.ToArray();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
