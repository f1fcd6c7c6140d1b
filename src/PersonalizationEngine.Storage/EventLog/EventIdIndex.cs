using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace PersonalizationEngine.Storage.EventLog;

/// <summary>
/// The event ids accepted recently, so that a retried event is recognised. Holds 64-bit hashes (a
/// collision among millions of ids is about one in ten million) of the newest <c>capacity</c> ids;
/// older ones are forgotten first. Not thread-safe: only the log's writer touches it.
/// </summary>
internal sealed class EventIdIndex(int capacity)
{
    private readonly HashSet<ulong> _ids = new(Math.Min(capacity, 1 << 20));
    private readonly Queue<ulong> _order = new();

    public int Count => _ids.Count;

    public bool Contains(string eventId) => _ids.Contains(Hash(eventId));

    /// <summary>Adds the id; false when it was already there.</summary>
    public bool Add(string eventId)
    {
        var hash = Hash(eventId);
        if (!_ids.Add(hash)) return false;
        _order.Enqueue(hash);
        if (_order.Count > capacity) _ids.Remove(_order.Dequeue());
        return true;
    }

    // The id's UTF-16 code units hashed in place (no encoded copy per event); the index is rebuilt from the
    // log on every start, so the hash is never stored.
    private static ulong Hash(string eventId) => XxHash64.HashToUInt64(MemoryMarshal.AsBytes(eventId.AsSpan()));
}
