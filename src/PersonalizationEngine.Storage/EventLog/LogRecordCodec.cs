using System.Collections.ObjectModel;
using System.Buffers.Binary;
using System.Text;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Storage.EventLog;

/// <summary>
/// The binary payload of a log record. The first byte says what follows; the layout of a kind never
/// changes once written (add a new kind instead), so old logs stay readable.
/// </summary>
internal static class LogRecordCodec
{
    private const byte EventKind = 1;
    private const byte ProductKind = 2;
    private const byte OfferKind = 3;
    private const byte ErasedKind = 4;
    private const byte TombstoneKind = 5;
    /// <summary>An event naming the served list it came from: the event's layout, then the recommendation id.</summary>
    private const byte AttributedEventKind = 6;

    // Kind, sequence and a 128-bit tombstone; every event payload is longer (its ids, type, time and value alone).
    private const int TombstoneBytes = 1 + 8 + 16;

    public static void Write(BinaryWriter writer, LogRecord record)
    {
        switch (record)
        {
            case EventRecord { Event: var e }:
                writer.Write(e.RecommendationId is null ? EventKind : AttributedEventKind);
                writer.Write(e.Sequence);
                writer.Write(e.EventId);
                writer.Write(e.CustomerId);
                WriteOptional(writer, e.ProductId);
                writer.Write((byte)e.Type);
                writer.Write(e.OccurredAt.UtcTicks);
                writer.Write(e.Value);
                WriteOptional(writer, e.Text);
                WriteOptional(writer, e.OfferId);
                WriteMap(writer, e.Context ?? new Dictionary<string, string>());
                if (e.RecommendationId is { } recommendationId) writer.Write(recommendationId);
                break;
            case ProductRecord { Product: var p } product:
                writer.Write(ProductKind);
                writer.Write(product.Sequence);
                writer.Write(p.ProductId);
                writer.Write(p.Title);
                writer.Write(p.Category);
                WriteList(writer, p.Tags);
                writer.Write(p.Price);
                writer.Write(p.Available);
                WriteMap(writer, p.Attributes);
                break;
            case OfferRecord { Offer: var o } offer:
                writer.Write(OfferKind);
                writer.Write(offer.Sequence);
                writer.Write(o.OfferId);
                writer.Write(o.Title);
                WriteOptional(writer, o.ProductId);
                WriteOptional(writer, o.Category);
                writer.Write(o.Value);
                WriteOptionalTime(writer, o.StartsAt);
                WriteOptionalTime(writer, o.EndsAt);
                writer.Write(o.FrequencyCap);
                WriteList(writer, o.EligibleSegments);
                WriteList(writer, o.EligibleChannels);
                break;
            default:
                throw new ArgumentException($"Unknown log record {record.GetType().Name}", nameof(record));
        }
    }

    /// <summary>The record's sequence without decoding the rest: every payload starts with its kind (1 byte) and sequence.</summary>
    public static long SequenceOf(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadInt64LittleEndian(payload[1..]);

    /// <summary>
    /// Overwrites a record's payload, in place and at its length, with an erased record of the same sequence
    /// that keeps the event id's tombstone (the rest zeros).
    /// </summary>
    public static void Erase(Span<byte> payload, UInt128 tombstone)
    {
        var sequence = SequenceOf(payload);
        if (payload.Length < TombstoneBytes) throw new InvalidDataException($"an event record of {payload.Length} bytes cannot hold a tombstone");
        payload.Clear();
        payload[0] = TombstoneKind;
        BinaryPrimitives.WriteInt64LittleEndian(payload[1..], sequence);
        BinaryPrimitives.WriteUInt128LittleEndian(payload[9..], tombstone);
    }

    public static LogRecord Read(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var kind = reader.ReadByte();
        var sequence = reader.ReadInt64();
        return kind switch
        {
            ErasedKind => new ErasedRecord(sequence),
            TombstoneKind => new ErasedRecord(sequence, reader.ReadUInt128()),
            EventKind or AttributedEventKind => new EventRecord(new TrackedEvent(
                Sequence: sequence,
                EventId: reader.ReadString(),
                CustomerId: reader.ReadString(),
                ProductId: ReadOptional(ref reader),
                Type: (InteractionType)reader.ReadByte(),
                OccurredAt: new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero),
                Value: reader.ReadDouble(),
                Text: ReadOptional(ref reader),
                OfferId: ReadOptional(ref reader),
                Context: ReadMap(ref reader),
                RecommendationId: kind == AttributedEventKind ? reader.ReadString() : null)),
            ProductKind => new ProductRecord(sequence, new ProductInfo(
                ProductId: reader.ReadString(),
                Title: reader.ReadString(),
                Category: reader.ReadString(),
                Tags: ReadList(ref reader),
                Price: reader.ReadDouble(),
                Available: reader.ReadBoolean(),
                Attributes: ReadMap(ref reader))),
            OfferKind => new OfferRecord(sequence, new OfferInfo(
                OfferId: reader.ReadString(),
                Title: reader.ReadString(),
                ProductId: ReadOptional(ref reader),
                Category: ReadOptional(ref reader),
                Value: reader.ReadDouble(),
                StartsAt: ReadOptionalTime(ref reader),
                EndsAt: ReadOptionalTime(ref reader),
                FrequencyCap: reader.ReadInt32(),
                EligibleSegments: ReadList(ref reader),
                EligibleChannels: ReadList(ref reader))),
            _ => throw new InvalidDataException($"Unknown log record kind {kind}"),
        };
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null) writer.Write(value);
    }

    private static string? ReadOptional(ref PayloadReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static void WriteOptionalTime(BinaryWriter writer, DateTimeOffset? value)
    {
        writer.Write(value is not null);
        if (value is { } time) writer.Write(time.UtcTicks);
    }

    private static DateTimeOffset? ReadOptionalTime(ref PayloadReader reader) =>
        reader.ReadBoolean() ? new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero) : null;

    private static void WriteList(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values) writer.Write(value);
    }

    private static string[] ReadList(ref PayloadReader reader)
    {
        var values = new string[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++) values[i] = reader.ReadString();
        return values;
    }

    private static void WriteMap(BinaryWriter writer, IReadOnlyDictionary<string, string> map)
    {
        writer.Write(map.Count);
        foreach (var (key, value) in map)
        {
            writer.Write(key);
            writer.Write(value);
        }
    }

    private static IReadOnlyDictionary<string, string> ReadMap(ref PayloadReader reader)
    {
        var count = reader.ReadInt32();
        // Most events carry no context: one shared read-only empty map instead of one per record read back.
        if (count == 0) return ReadOnlyDictionary<string, string>.Empty;
        var map = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++) map[reader.ReadString()] = reader.ReadString();
        return map;
    }
}
