using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Storage.EventLog;

/// <summary>An entry of the event log, at its position (<see cref="Sequence"/>, 1-based, increasing).</summary>
public abstract record LogRecord(long Sequence);

/// <summary>An accepted behavioural event.</summary>
public sealed record EventRecord(TrackedEvent Event) : LogRecord(Event.Sequence);

/// <summary>A catalog upsert: the catalog is rebuilt from these on start-up.</summary>
public sealed record ProductRecord(long Sequence, ProductInfo Product) : LogRecord(Sequence);

/// <summary>An offer upsert: the live offers are rebuilt from these on start-up.</summary>
public sealed record OfferRecord(long Sequence, OfferInfo Offer) : LogRecord(Sequence);

/// <summary>
/// An event erased in place (ForgetCustomer): its payload was overwritten, keeping only its sequence, so the
/// log's positions and every reader's place in it stay as they were, and the tombstone of its id
/// (<see cref="EventIdTombstones"/>; none in records erased before tombstones were kept, or read from the
/// shared log, which keeps them in a table of their own).
/// </summary>
public sealed record ErasedRecord(long Sequence, UInt128? Tombstone = null) : LogRecord(Sequence);
