using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Projection;
using PersonalizationEngine.ML.Decay;
using PersonalizationEngine.ML.Forecasting;

namespace PersonalizationEngine.Grains.Products;

public sealed class ProductGrain(
    [PersistentState("product", StorageNames.GrainState)] IPersistentState<ProductState> state,
    IEventProjectionProgress progress,
    IOptions<EngineGrainOptions> options,
    TimeProvider time)
    : EventProjectionGrain<ProductState>(state, progress, options.Value.StateWriteDelay), IProductGrain
{
    private readonly EngineGrainOptions _options = options.Value;

    public Task<ProductStatistics> GetStatisticsAsync()
    {
        var s = State;
        var now = time.GetUtcNow();
        var month = s.Sales?.Since(SalesClock.DayOf(now) - 29) ?? default;
        var day = s.HourlySales?.Since(SalesClock.HourOf(now) - 23) ?? default;
        return Task.FromResult(new ProductStatistics(s.Views, s.AddToCarts, s.Purchases, s.LastEventAt, month.Units, month.Revenue, day.Units));
    }

    public Task<IReadOnlyList<ProductNeighbor>> GetNeighborsAsync(int count)
    {
        // Decay to the newest co-interaction, not the wall clock: the order is the same at any common
        // time, and strengths from old (imported) history do not underflow to 0.
        var evaluatedAt = State.Neighbors.Count == 0 ? time.GetUtcNow() : State.Neighbors.Values.Max(n => n.AsOf);
        IReadOnlyList<ProductNeighbor> neighbors = State.Neighbors
            .Select(n => new ProductNeighbor(n.Key, DecayedAt(n.Value, evaluatedAt)))
            .OrderByDescending(n => n.Strength)
            .ThenBy(n => n.ProductId, StringComparer.Ordinal)
            .Take(count)
            .ToArray();
        return Task.FromResult(neighbors);
    }

    public async Task RecordCoInteractionsAsync(CoInteraction[] links)
    {
        // Links of events at or below the checkpoint are never sent again: their sequences need not be kept.
        var checkpoint = Progress.Checkpoint;
        var applied = State.AppliedCoInteractions ??= [];
        // A burst leaves many behind the checkpoint; the set gives their room back (a set never shrinks by itself).
        if (applied.RemoveWhere(sequence => sequence <= checkpoint) > applied.Count) applied.TrimExcess();
        foreach (var link in links)
        {
            // A link at or below the checkpoint was confirmed before (its customer grain waits for that before the
            // checkpoint may pass it): this is a copy sent again.
            if (link.Sequence <= checkpoint || !applied.Add(link.Sequence)) continue;
            foreach (var other in link.OtherProductIds) AddNeighbor(other, link.Weight, link.OccurredAt);
            // Registered before the call returns, so the checkpoint waits for this state's next write.
            ChangedOnBehalfOf(link.Sequence);
        }
        await WrittenIfWriteThroughAsync();
    }

    private void AddNeighbor(string other, double weight, DateTimeOffset occurredAt)
    {
        if (other == this.GetPrimaryKeyString()) return;
        var neighbors = State.Neighbors;
        if (!neighbors.TryGetValue(other, out var strength) && neighbors.Count >= _options.Neighbors) EvictWeakest(occurredAt);
        var (value, asOf) = ExponentialDecay.Add(strength.Value, strength.AsOf, weight, occurredAt, _options.CoInteractionHalfLife);
        neighbors[other] = new DecayedStrength(value, asOf);
    }

    protected override void Apply(TrackedEvent e)
    {
        var s = State;
        switch (e.Type)
        {
            case InteractionType.View: s.Views++; break;
            case InteractionType.AddToCart: s.AddToCarts++; break;
            case InteractionType.Purchase: s.Purchases++; break;
        }
        if (SalesUnits.Of(e) is { } sale) SalesUnits.Record(e.OccurredAt, sale, s.Sales ??= new SalesSeries(), s.HourlySales ??= new SalesSeries(), _options);
        if (s.LastEventAt is null || e.OccurredAt > s.LastEventAt) s.LastEventAt = e.OccurredAt;
    }

    /// <summary>Drops the weakest neighbour to make room: the map keeps only the strongest N.</summary>
    private void EvictWeakest(DateTimeOffset at)
    {
        var weakest = State.Neighbors.MinBy(n => DecayedAt(n.Value, at)).Key;
        State.Neighbors.Remove(weakest);
    }

    private double DecayedAt(DecayedStrength strength, DateTimeOffset at) =>
        ExponentialDecay.ValueAt(strength.Value, strength.AsOf, at, _options.CoInteractionHalfLife);
}
