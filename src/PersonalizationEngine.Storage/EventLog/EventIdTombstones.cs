using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PersonalizationEngine.Storage.EventLog;

/// <summary>
/// What an erased event leaves behind so that a late retry of it (same event id, which clients retry by
/// design) is still a duplicate instead of bringing the forgotten customer back: a tombstone, the keyed
/// hash of its id (HMAC-SHA256 under a random key of the log, cut to 128 bits) and nothing else. It holds
/// no customer, product, time or content, and without the key an id cannot be confirmed by guessing.
/// A file log keeps its key beside its segments; the shared log keeps it in PostgreSQL.
/// </summary>
public sealed class EventIdTombstones
{
    public const int KeyBytes = 32;

    /// <summary>The file a file log keeps its key in, in the log's folder.</summary>
    public const string KeyFileName = "tombstone.key";

    private readonly byte[] _key;
    /// <summary>The tombstones remembered (not thread-safe: the log's writer is their only user).</summary>
    private readonly HashSet<UInt128> _erased = [];

    public EventIdTombstones(byte[] key)
    {
        if (key.Length != KeyBytes) throw new ArgumentException($"a tombstone key has {KeyBytes} bytes", nameof(key));
        _key = key;
    }

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyBytes);

    /// <summary>Reads the key from <paramref name="path"/>, or makes one and writes it there durably first.</summary>
    public static byte[] LoadOrCreateKey(string path)
    {
        if (File.Exists(path)) return File.ReadAllBytes(path);
        var key = NewKey();
        DurableFile.Write(path, file => file.Write(key), overwrite: false);
        return key;
    }

    public UInt128 Of(string eventId)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(eventId), mac);
        return BinaryPrimitives.ReadUInt128LittleEndian(mac);
    }

    /// <summary>The tombstone as the shared log stores it.</summary>
    public byte[] BytesOf(string eventId)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, Of(eventId));
        return bytes;
    }

    public void Add(UInt128 tombstone) => _erased.Add(tombstone);

    /// <summary>True when an event with this id was erased. Hashes only once something was erased: most logs never are.</summary>
    public bool IsErased(string eventId) => _erased.Count > 0 && _erased.Contains(Of(eventId));
}
