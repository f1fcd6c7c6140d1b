using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Storage.EventLog;

/// <summary>
/// The durable, append-only event log of the embedded engine: segment files under a folder, records framed
/// with a CRC, written by one writer that commits everything waiting as one group (one write, one fsync)
/// and only then acknowledges it. On open a torn tail (a crash mid-write) is detected and cut off.
/// Event ids seen recently are remembered so a retried event is not appended twice, and an erased event's
/// id for good (its tombstone), so a retry of it never brings a forgotten customer back.
/// </summary>
public sealed class FileEventLog : IEventLog
{
    private readonly EventLogOptions _options;
    private readonly ILogger _logger;
    private readonly EventIdIndex _eventIds;
    // Made with the log's first erasure (its key written beside the segments); most logs never need one.
    private EventIdTombstones? _tombstones;
    private readonly Channel<PendingAppend> _pending = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly MemoryStream _batch = new();
    private readonly MemoryStream _payload = new();
    private readonly BinaryWriter _payloadWriter;
    private readonly Task _writer;
    private FileStream _segment;
    private long _lastSequence;
    private long _committedSequence;
    private readonly LogStatistics _statistics = new();
    private Action<IReadOnlyList<LogRecord>>? _listener;
    private Exception? _fault;

    private FileEventLog(EventLogOptions options, ILogger logger, Action<LogRecord>? onRecovered)
    {
        _options = options;
        _logger = logger;
        _eventIds = new EventIdIndex(options.DeduplicationWindow);
        _payloadWriter = new BinaryWriter(_payload);
        Directory.CreateDirectory(options.Directory);
        if (File.Exists(TombstoneKeyPath)) _tombstones = new EventIdTombstones(File.ReadAllBytes(TombstoneKeyPath));
        Recover(onRecovered);
        _segment = OpenSegmentForAppend();
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Opens (creating if needed) the log, calling <paramref name="onRecovered"/> for every record in order.</summary>
    public static FileEventLog Open(EventLogOptions options, Action<LogRecord>? onRecovered = null, ILogger? logger = null) =>
        new(options, logger ?? NullLogger.Instance, onRecovered);

    /// <summary>The highest sequence handed out; the records up to it may still be on their way to disk.</summary>
    public long LastSequence => Interlocked.Read(ref _lastSequence);

    /// <summary>The highest sequence that is durable: everything up to it can be read back.</summary>
    public long CommittedSequence => Interlocked.Read(ref _committedSequence);

    public long EventCount => _statistics.EventCount;

    public long Erasures => _statistics.Erasures;

    public long ProductCount => _statistics.ProductCount;

    public DateTimeOffset? LastEventAt => _statistics.LastEventAt;

    /// <summary>Called by the writer, in sequence order, with each group of records once it is durable.</summary>
    public void OnCommitted(Action<IReadOnlyList<LogRecord>> listener) => _listener = listener;

    /// <summary>Appends events; completes once they are durable. Sequence numbers in the input are ignored.</summary>
    public Task<AppendResult> AppendEventsAsync(IReadOnlyList<TrackedEvent> events, CancellationToken cancellationToken = default) =>
        AppendAsync(PendingAppend.OfEvents(events), cancellationToken);

    /// <summary>Appends catalog upserts; completes once they are durable.</summary>
    public Task AppendProductsAsync(IReadOnlyList<ProductInfo> products, CancellationToken cancellationToken = default) =>
        AppendAsync(PendingAppend.OfProducts(products), cancellationToken);

    /// <summary>Appends offer upserts; completes once they are durable.</summary>
    public Task AppendOffersAsync(IReadOnlyList<OfferInfo> offers, CancellationToken cancellationToken = default) =>
        AppendAsync(PendingAppend.OfOffers(offers), cancellationToken);

    public async Task<Erasure> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) =>
        (await AppendAsync(PendingAppend.OfErasure(customerId), cancellationToken)).AsErasure();

    private async Task<AppendResult> AppendAsync(PendingAppend pending, CancellationToken cancellationToken)
    {
        await _pending.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Reads the records after <paramref name="afterSequence"/> that were durable when the call began.</summary>
    public IEnumerable<LogRecord> ReadAfter(long afterSequence)
    {
        var upTo = CommittedSequence;
        var segments = SegmentFile.List(_options.Directory);
        for (var i = 0; i < segments.Count; i++)
        {
            // Skip whole segments that end before the requested position.
            if (i + 1 < segments.Count && SegmentFile.FirstSequenceOf(segments[i + 1]) <= afterSequence + 1) continue;
            foreach (var record in SegmentFile.Scan(segments[i]).Records(afterSequence))
            {
                if (record.Sequence > upTo) yield break;
                yield return record;
            }
        }
    }

    /// <summary>The segments are read from the file system's cache a record at a time, so this is <see cref="ReadAfter"/> as it is.</summary>
    public IAsyncEnumerable<LogRecord> ReadAfterAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        ReadAfter(afterSequence).ToAsyncEnumerable();

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
        await _segment.DisposeAsync();
        _payloadWriter.Dispose();
    }

    private void Recover(Action<LogRecord>? onRecovered)
    {
        var segments = SegmentFile.List(_options.Directory);
        for (var i = 0; i < segments.Count; i++)
        {
            var scan = SegmentFile.Scan(segments[i]);
            foreach (var record in scan.Records())
            {
                if (record.Sequence <= _lastSequence)
                    throw new InvalidDataException($"{segments[i]}: sequence {record.Sequence} after {_lastSequence}");
                if (record is EventRecord { Event: var recovered }) _eventIds.Add(recovered.EventId);
                else if (record is ErasedRecord { Tombstone: { } tombstone })
                    (_tombstones ?? throw new InvalidDataException($"{segments[i]}: an erased event's tombstone, but no {EventIdTombstones.KeyFileName}")).Add(tombstone);
                Track(record);
                onRecovered?.Invoke(record);
            }
            if (scan.TrailingBytes == 0) continue;
            if (i < segments.Count - 1)
                throw new InvalidDataException($"{segments[i]}: {scan.TrailingBytes} corrupt bytes before the last segment; the log needs repair");
            _logger.LogWarning("Event log: cutting a torn tail of {Bytes} bytes off {Segment}", scan.TrailingBytes, segments[i]);
            using var file = new FileStream(segments[i], FileMode.Open, FileAccess.Write);
            file.SetLength(scan.ValidLength);
            file.Flush(flushToDisk: true);
        }
        _logger.LogInformation("Event log: {Events} events and {Products} catalog records in {Segments} segments", EventCount, ProductCount, segments.Count);
    }

    private FileStream OpenSegmentForAppend()
    {
        var last = SegmentFile.List(_options.Directory).LastOrDefault()
            ?? Path.Combine(_options.Directory, SegmentFile.NameFor(_lastSequence + 1));
        return new FileStream(last, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingAppend>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < 4096 && _pending.Reader.TryRead(out var next)) group.Add(next);
            try
            {
                if (_fault is not null) throw new IOException("The event log failed earlier and accepts no more writes; restart the engine.", _fault);
                var committed = new List<LogRecord>();
                var results = group.Select(p => Stage(p, committed)).ToList();
                WriteStaged();
                foreach (var record in committed) Track(record);
                if (committed.Count > 0) _listener?.Invoke(committed);
                for (var i = 0; i < group.Count; i++) group[i].Completion.TrySetResult(results[i]);
            }
            catch (Exception ex)
            {
                // What is staged may be half on disk: stop accepting writes so nothing is acknowledged wrongly.
                _fault ??= ex;
                _logger.LogError(ex, "Event log write failed");
                foreach (var pending in group) pending.Completion.TrySetException(ex);
            }
        }
    }

    /// <summary>Gives sequence numbers to one request's records and frames them into the group's buffer.</summary>
    private AppendResult Stage(PendingAppend pending, List<LogRecord> committed)
    {
        if (pending.EraseCustomerId is { } customerId) return new AppendResult([], 0, Erase(customerId), LastSequence);
        var appended = new List<TrackedEvent>(pending.Events.Count);
        var duplicates = 0;
        foreach (var e in pending.Events)
        {
            if (_tombstones?.IsErased(e.EventId) == true || !_eventIds.Add(e.EventId))
            {
                duplicates++;
                continue;
            }
            var record = new EventRecord(e with { Sequence = NextSequence() });
            Frame(record);
            committed.Add(record);
            appended.Add(record.Event);
        }
        foreach (var upsert in pending.Upserts)
        {
            var record = upsert(NextSequence());
            Frame(record);
            committed.Add(record);
        }
        return new AppendResult(appended, duplicates);
    }

    /// <summary>Writes out what is staged, then erases the customer's events segment by segment (the active one reopened after).</summary>
    private int Erase(string customerId)
    {
        WriteStaged();
        _segment.Dispose();
        _tombstones ??= new EventIdTombstones(EventIdTombstones.LoadOrCreateKey(TombstoneKeyPath));
        var tombstones = _tombstones;
        var erased = SegmentFile.List(_options.Directory).Sum(path => SegmentFile.EraseEvents(path, e => e.CustomerId == customerId, tombstones));
        _segment = OpenSegmentForAppend();
        _statistics.Erased(erased);
        _logger.LogInformation("Event log: erased {Events} events of a forgotten customer", erased);
        return erased;
    }

    private string TombstoneKeyPath => Path.Combine(_options.Directory, EventIdTombstones.KeyFileName);

    private long NextSequence() => Interlocked.Increment(ref _lastSequence);

    private void Frame(LogRecord record)
    {
        _payload.SetLength(0);
        LogRecordCodec.Write(_payloadWriter, record);
        _payloadWriter.Flush();
        if (_segment.Length + _batch.Length + _payload.Length > _options.SegmentBytes && _segment.Length + _batch.Length > 0)
            RollSegment(record.Sequence);
        SegmentFile.WriteFrame(_batch, _payload.GetBuffer().AsSpan(0, (int)_payload.Length));
    }

    /// <summary>Writes the staged frames to the current segment and forces them to disk.</summary>
    private void WriteStaged()
    {
        _batch.Position = 0;
        _batch.CopyTo(_segment);
        _segment.Flush(flushToDisk: true);
        _batch.SetLength(0);
    }

    /// <summary>Writes what is staged to the current segment and starts a new one at <paramref name="firstSequence"/>.</summary>
    private void RollSegment(long firstSequence)
    {
        WriteStaged();
        _segment.Dispose();
        _segment = new FileStream(Path.Combine(_options.Directory, SegmentFile.NameFor(firstSequence)),
            FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
    }

    /// <summary>
    /// Counts a durable record (during recovery, or after a group commit). Event ids are remembered
    /// elsewhere: by <see cref="Stage"/> when appending, by <see cref="Recover"/> when reading the log back.
    /// </summary>
    private void Track(LogRecord record)
    {
        Interlocked.Exchange(ref _lastSequence, Math.Max(_lastSequence, record.Sequence));
        Interlocked.Exchange(ref _committedSequence, Math.Max(_committedSequence, record.Sequence));
        _statistics.Count(record);
    }
}
