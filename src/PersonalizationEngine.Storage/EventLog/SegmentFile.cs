using System.Buffers.Binary;
using System.IO.Hashing;
using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Storage.EventLog;

/// <summary>
/// The on-disk framing of one segment: records one after another, each
/// <c>[payload length: u32][CRC-32 of payload: u32][payload]</c>, little-endian. A segment is named after
/// the sequence number of its first record, so segments sort by name.
/// </summary>
internal static class SegmentFile
{
    public const int HeaderBytes = 8;

    /// <summary>Larger than any real record: a length beyond it can only be a torn or corrupt header.</summary>
    public const int MaxPayloadBytes = 16 * 1024 * 1024;

    public static string NameFor(long firstSequence) => $"{firstSequence:D20}.log";

    public static IReadOnlyList<string> List(string directory) =>
        Directory.GetFiles(directory, "*.log").Order(StringComparer.Ordinal).ToList();

    public static long FirstSequenceOf(string path) => long.Parse(Path.GetFileNameWithoutExtension(path));

    public static void WriteFrame(Stream destination, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        WriteHeader(header, payload);
        destination.Write(header);
        destination.Write(payload);
    }

    private static void WriteHeader(Span<byte> header, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.HashToUInt32(payload));
    }

    /// <summary>The payload length a header announces; -1 when no record can have it (a torn or corrupt header).</summary>
    private static int PayloadLengthOf(ReadOnlySpan<byte> header)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        return length is 0 or > MaxPayloadBytes ? -1 : (int)length;
    }

    private static bool CrcMatches(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload) =>
        Crc32.HashToUInt32(payload) == BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);

    /// <summary>
    /// Erases the event records of a segment that <paramref name="erase"/> picks: each payload is overwritten
    /// at its own length (<see cref="LogRecordCodec.Erase"/>) with a fresh CRC, so no byte of the event stays
    /// in the segment and every record keeps its position; its id's tombstone is kept in the record and added
    /// to <paramref name="tombstones"/>. The new segment is written beside the old one and
    /// renamed over it, so a reader never sees a half-erased record (one that had the old file open reads
    /// it to the end as it was). Returns how many were erased.
    /// </summary>
    public static int EraseEvents(string path, Func<TrackedEvent, bool> erase, EventIdTombstones tombstones)
    {
        var segment = File.ReadAllBytes(path);
        var erased = 0;
        var position = 0;
        while (position + HeaderBytes <= segment.Length)
        {
            var header = segment.AsSpan(position, HeaderBytes);
            var length = PayloadLengthOf(header);
            if (length < 0 || position + HeaderBytes + length > segment.Length) break;
            var body = segment.AsSpan(position + HeaderBytes, length);
            if (!CrcMatches(header, body)) break;
            position += HeaderBytes + length;
            if (LogRecordCodec.Read(body) is not EventRecord { Event: var e } || !erase(e)) continue;
            var tombstone = tombstones.Of(e.EventId);
            LogRecordCodec.Erase(body, tombstone);
            tombstones.Add(tombstone);
            WriteHeader(header, body);
            erased++;
        }
        if (erased == 0) return 0;
        DurableFile.Write(path, file => file.Write(segment));
        return erased;
    }

    /// <summary>
    /// Reads the valid records of a segment. Stops at the end of the file or at the first record that is
    /// incomplete or fails its CRC; <see cref="SegmentScan.ValidLength"/> then says where the good part ends.
    /// </summary>
    public static SegmentScan Scan(string path) => new(path);

    internal sealed class SegmentScan(string path)
    {
        public long ValidLength { get; private set; }

        /// <summary>Bytes after the last valid record (a torn or corrupt tail).</summary>
        public long TrailingBytes { get; private set; }

        /// <param name="afterSequence">Records at or below it are checked but not decoded (a reader resuming mid-segment).</param>
        public IEnumerable<LogRecord> Records(long afterSequence = 0)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            var header = new byte[HeaderBytes];
            var payload = new byte[4096];
            ValidLength = 0;
            while (true)
            {
                var read = stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false);
                if (read < HeaderBytes) break;
                var length = PayloadLengthOf(header);
                if (length < 0) break;
                if (payload.Length < length) payload = new byte[length];
                var body = payload.AsSpan(0, length);
                if (stream.ReadAtLeast(body, length, throwOnEndOfStream: false) < length) break;
                if (!CrcMatches(header, body)) break;
                ValidLength = stream.Position;
                if (LogRecordCodec.SequenceOf(body) <= afterSequence) continue;
                yield return LogRecordCodec.Read(body);
            }
            TrailingBytes = stream.Length - ValidLength;
        }
    }
}
