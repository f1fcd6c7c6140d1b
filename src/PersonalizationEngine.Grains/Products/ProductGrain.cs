using Microsoft.Extensions.Options;
using Orleans.Streams;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Projection;
using PersonalizationEngine.ML.Decay;

namespace PersonalizationEngine.Grains.Products;

[ImplicitStreamSubscription(StreamNamespaces.Product)]
public sealed class ProductGrain(
    [PersistentState("product", StorageNames.GrainState)] IPersistentState<ProductState> state,
    IEventProjectionProgress progress,
    IOptions<EngineGrainOptions> options,
    TimeProvider time)
    : Grain, IProductGrain
{
    private readonly EngineGrainOptions _options = options.Value;
    private WriteBehindState? _writer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _writer = new WriteBehindState(this, state, progress, _options.StateWriteDelay);
        var stream = this.GetStreamProvider(StreamNamespaces.Provider)
            .GetStream<TrackedEvent>(StreamId.Create(StreamNamespaces.Product, this.GetPrimaryKeyString()));
        await stream.SubscribeAsync((e, _) => ApplyAsync(e));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _writer!.WriteAsync();

    public Task<ProductStatistics> GetStatisticsAsync()
    {
        var s = state.State;
        var popularity = ExponentialDecay.ValueAt(s.Popularity.Value, s.Popularity.AsOf, time.GetUtcNow(), _options.PopularityHalfLife);
        return Task.FromResult(new ProductStatistics(s.Views, s.AddToCarts, s.Purchases, popularity, s.LastEventAt));
    }

    public Task<IReadOnlyList<ProductNeighbor>> GetNeighborsAsync(int count)
    {
        // Decay to the newest co-interaction, not the wall clock: the order is the same at any common
        // time, and strengths from old (imported) history do not underflow to 0.
        var evaluatedAt = state.State.Neighbors.Count == 0 ? time.GetUtcNow() : state.State.Neighbors.Values.Max(n => n.AsOf);
        IReadOnlyList<ProductNeighbor> neighbors = state.State.Neighbors
            .Select(n => new ProductNeighbor(n.Key, DecayedAt(n.Value, evaluatedAt)))
            .OrderByDescending(n => n.Strength)
            .ThenBy(n => n.ProductId, StringComparer.Ordinal)
            .Take(count)
            .ToArray();
        return Task.FromResult(neighbors);
    }

    public Task RecordCoInteractionsAsync(IReadOnlyList<string> otherProductIds, double weight, DateTimeOffset occurredAt)
    {
        var neighbors = state.State.Neighbors;
        foreach (var other in otherProductIds)
        {
            if (other == this.GetPrimaryKeyString()) continue;
            if (!neighbors.TryGetValue(other, out var strength) && neighbors.Count >= _options.Neighbors) EvictWeakest(occurredAt);
            var (value, asOf) = ExponentialDecay.Add(strength.Value, strength.AsOf, weight, occurredAt, _options.CoInteractionHalfLife);
            neighbors[other] = new DecayedStrength(value, asOf);
        }
        _writer!.Changed();
        return Task.CompletedTask;
    }

    private Task ApplyAsync(TrackedEvent e)
    {
        progress.Delivered();
        var s = state.State;
        if (e.Sequence <= s.LastAppliedSequence)
        {
            progress.Persisted([e.Sequence]);
            return Task.CompletedTask;
        }
        s.LastAppliedSequence = e.Sequence;
        switch (e.Type)
        {
            case InteractionType.View: s.Views++; break;
            case InteractionType.AddToCart: s.AddToCarts++; break;
            case InteractionType.Purchase: s.Purchases++; break;
        }
        var (value, asOf) = ExponentialDecay.Add(s.Popularity.Value, s.Popularity.AsOf, InteractionWeights.For(e.Type, e.Value), e.OccurredAt, _options.PopularityHalfLife);
        s.Popularity = new DecayedStrength(value, asOf);
        if (s.LastEventAt is null || e.OccurredAt > s.LastEventAt) s.LastEventAt = e.OccurredAt;
        _writer!.Changed(e.Sequence);
        return Task.CompletedTask;
    }

    /// <summary>Drops the weakest neighbour to make room: the map keeps only the strongest N.</summary>
    private void EvictWeakest(DateTimeOffset at)
    {
        var weakest = state.State.Neighbors.MinBy(n => DecayedAt(n.Value, at)).Key;
        state.State.Neighbors.Remove(weakest);
    }

    private double DecayedAt(DecayedStrength strength, DateTimeOffset at) =>
        ExponentialDecay.ValueAt(strength.Value, strength.AsOf, at, _options.CoInteractionHalfLife);
}
