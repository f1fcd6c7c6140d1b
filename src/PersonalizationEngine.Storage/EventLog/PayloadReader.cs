using System.Buffers.Binary;
using System.Text;

namespace PersonalizationEngine.Storage.EventLog;

/// <summary>
/// Reads what <see cref="BinaryWriter"/> wrote (little-endian numbers, strings as a 7-bit encoded UTF-8
/// byte length and the bytes) straight from a record's payload, without copying it into a stream: the
/// log is read back whole on every start and by every training run.
/// </summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> payload)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    public byte ReadByte() => _payload[_position++];

    public bool ReadBoolean() => ReadByte() != 0;

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public UInt128 ReadUInt128() => BinaryPrimitives.ReadUInt128LittleEndian(Take(16));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public string ReadString() => Encoding.UTF8.GetString(Take(Read7BitLength()));

    private int Read7BitLength()
    {
        var length = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            length |= (b & 0x7F) << shift;
            if (b < 0x80) return length;
        }
        throw new InvalidDataException("bad string length in a log record");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _position + count > _payload.Length) throw new InvalidDataException("log record ends early");
        var span = _payload.Slice(_position, count);
        _position += count;
        return span;
    }
}
