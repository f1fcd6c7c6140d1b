using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Customers;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Experiments;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Experiments;
using PersonalizationEngine.Grains.Projection;
using PersonalizationEngine.ML.Activity;

namespace PersonalizationEngine.Grains.Customers;

public sealed class CustomerGrain(
    [PersistentState("customer", StorageNames.GrainState)] IPersistentState<CustomerState> state,
    IEventProjectionProgress progress,
    IOptions<EngineGrainOptions> options,
    CustomersOwingLinks? owing = null,
    OnlineMetricsRecorder? onlineMetrics = null)
    : EventProjectionGrain<CustomerState>(state, progress, options.Value.StateWriteDelay), ICustomerGrain, ICustomerActivityGrain
{
    private readonly EngineGrainOptions _options = options.Value;

    /// <summary>
    /// The profile as of the last event, built once: a Recommend on every page view reads it far more often
    /// than events change it, and each build copies a history of up to hundreds of products.
    /// Immutable, so it is shared with every caller until the next change.
    /// </summary>
    private CustomerProfile? _profile;

    public Task<CustomerProfile> GetProfileAsync()
    {
        var s = State;
        return Task.FromResult(_profile ??= new CustomerProfile(
            this.GetPrimaryKeyString(), s.RecentInteractions.ToArray(), new Dictionary<InteractionType, long>(s.CountsByType),
            s.Activity.Revenue, s.PurchasedProductIds.ToArray(), s.FirstSeenAt, s.LastSeenAt, s.Activity.LastPurchaseAt,
            new Dictionary<string, float>(ProductWeights(), StringComparer.Ordinal)));
    }

    public Task<CustomerActivity> GetActivityAsync() => Task.FromResult(State.Activity);

    public Task<IReadOnlyDictionary<string, int>> GetOfferImpressionsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(State.OfferExposures.ToDictionary(o => o.Key, o => o.Value.Impressions, StringComparer.Ordinal));

    public Task RecordServedAsync(ServedList[] served)
    {
        if (served.Length == 0) return Task.CompletedTask;
        var lists = State.ServedLists ??= [];
        lists.AddRange(served);
        var oldest = served[^1].ServedAt - _options.AttributionWindow;
        lists.RemoveAll(l => l.ServedAt < oldest);
        if (lists.Count > _options.ServedLists) lists.RemoveRange(0, lists.Count - _options.ServedLists);
        // Written with the customer's next event or at deactivation: a write per page view would cost Recommend
        // about a tenth of its capacity, and a crash loses only window attribution of the lists since.
        StateChangedLazily();
        return Task.CompletedTask;
    }

    public Task ForgetAsync()
    {
        _profile = null;
        // What is owed to product grains is about products, not the customer: it is still sent.
        return ResetAsync(new CustomerState { OwedCoInteractions = State.OwedCoInteractions });
    }

    /// <summary>
    /// What this activation has had confirmed of <see cref="CustomerState.OwedCoInteractions"/> (product, event):
    /// not written, so a new activation (after a crash) sends everything still owed again.
    /// </summary>
    private readonly HashSet<(string ProductId, long Sequence)> _confirmed = [];

    /// <summary>
    /// Sends what is owed after every delivery, replays included: what a crash left unconfirmed goes with
    /// the replay of its event, and a failed call fails the delivery, which is retried.
    /// </summary>
    protected override Task AfterApplyAsync() => State.OwedCoInteractions is { Count: > 0 } ? SendCoInteractionsAsync() : Task.CompletedTask;

    /// <summary>An event is held while a product grain has not confirmed one of its co-interactions.</summary>
    protected override bool Holds(long sequence) =>
        State.OwedCoInteractions?.Exists(o => o.Link.Sequence == sequence && !_confirmed.Contains((o.ProductId, sequence))) == true;

    /// <summary>
    /// Forgets what the checkpoint has passed (its product grains' state holding it is written), sends every
    /// unconfirmed co-interaction (one call per product), and releases the events all of whose links are
    /// confirmed. A product grain confirms once the checkpoint waits for its state holding the link.
    /// </summary>
    private async Task SendCoInteractionsAsync()
    {
        var owed = State.OwedCoInteractions!;
        ForgetCheckpointed();
        var calls = owed.Where(o => !_confirmed.Contains((o.ProductId, o.Link.Sequence)))
            .GroupBy(o => o.ProductId, StringComparer.Ordinal)
            .Select(async product =>
            {
                var links = product.Select(o => o.Link).ToArray();
                await GrainFactory.ByKey<IProductGrain>(product.Key).RecordCoInteractionsAsync(links);
                return (product.Key, links);
            })
            .ToList();
        try
        {
            await Task.WhenAll(calls);
        }
        finally
        {
            var released = new HashSet<long>();
            foreach (var (productId, links) in calls.Where(c => c.IsCompletedSuccessfully).Select(c => c.Result))
            {
                foreach (var link in links)
                {
                    _confirmed.Add((productId, link.Sequence));
                    released.Add(link.Sequence);
                }
            }
            foreach (var sequence in released.Where(s => !Holds(s))) Released(sequence);
            // Nothing owed: no list kept (or written) for the customer.
            if (owed.Count == 0) State.OwedCoInteractions = null;
            Owing();
        }
    }

    /// <summary>
    /// Drops what the checkpoint has passed from <see cref="CustomerState.OwedCoInteractions"/> and from
    /// what this activation had confirmed, and writes the state without them soon.
    /// </summary>
    private void ForgetCheckpointed()
    {
        if (State.OwedCoInteractions is not { } owed) return;
        var checkpoint = Progress.Checkpoint;
        if (owed.RemoveAll(o => o.Link.Sequence <= checkpoint) == 0) return;
        // An emptied set keeps the capacity it grew to; most customers owe nothing most of the time.
        if (_confirmed.RemoveWhere(c => c.Sequence <= checkpoint) > 0 && _confirmed.Count == 0) _confirmed.TrimExcess();
        if (owed.Count == 0) State.OwedCoInteractions = null;
        StateChanged();
    }

    /// <summary>The checkpoint has passed every link this customer owed, and no event came since (<see cref="CustomersOwingLinks"/>).</summary>
    public Task ForgetCheckpointedLinksAsync()
    {
        ForgetCheckpointed();
        Owing();
        return Task.CompletedTask;
    }

    /// <summary>Tells this silo's list whether the customer still keeps links, and up to which event.</summary>
    private void Owing()
    {
        var id = this.GetPrimaryKeyString();
        // Links are added in event order, and dropped only from the front: the last is the latest.
        if (State.OwedCoInteractions is { Count: > 0 } owed) owing?.Owes(id, owed[^1].Link.Sequence);
        else owing?.OwesNothing(id);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        ForgetCheckpointed();
        Owing();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        owing?.OwesNothing(this.GetPrimaryKeyString());
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    protected override void Apply(TrackedEvent e)
    {
        _profile = null;
        var s = State;
        s.CountsByType[e.Type] = s.CountsByType.GetValueOrDefault(e.Type) + 1;
        s.FirstSeenAt = Min(s.FirstSeenAt, e.OccurredAt);
        s.LastSeenAt = Max(s.LastSeenAt, e.OccurredAt);
        // A return is a fact about the product's sales (its grain counts it), not interest in the product.
        if (e.Type.IsProductEvent() && e.Type != InteractionType.Return && e.ProductId is { } productId)
        {
            LinkToSession(e, productId);
            Remember(new RecentInteraction(productId, e.Type, e.OccurredAt, e.Value));
            AddInterest(productId, InteractionWeights.For(e.Type, e.Value));
            if (e.Type == InteractionType.Purchase) RecordPurchase(productId);
            if (BehaviourKinds.Of(e.Type) is { } kind) s.Activity.Add(kind, productId, e.Value, e.OccurredAt);
        }
        if (e is { Type: InteractionType.OfferImpression, OfferId: { } offerId }) RecordImpression(offerId, e.OccurredAt);
        Attribute(e);
    }

    /// <summary>
    /// Counts an event that names a served list for that list's version and arm; a purchase that names none
    /// counts for the latest list that showed its product within the attribution window, apart.
    /// </summary>
    private void Attribute(TrackedEvent e)
    {
        if (onlineMetrics is null) return;
        if (e.RecommendationId is { } id && RecommendationIds.TryParse(id, out var tag))
        {
            onlineMetrics.Attributed(tag, e.Type, e.Value, e.OccurredAt);
            return;
        }
        if (e is not { Type: InteractionType.Purchase, ProductId: { } productId } || State.ServedLists is not { } lists) return;
        for (var i = lists.Count - 1; i >= 0; i--)
        {
            var list = lists[i];
            if (list.ServedAt > e.OccurredAt || e.OccurredAt - list.ServedAt > _options.AttributionWindow || Array.IndexOf(list.ProductIds, productId) < 0) continue;
            onlineMetrics.WindowPurchase(list.Tag, e.Value, e.OccurredAt);
            return;
        }
    }

    private void RecordImpression(string offerId, DateTimeOffset at)
    {
        var exposures = State.OfferExposures;
        var seen = exposures.GetValueOrDefault(offerId);
        exposures[offerId] = new OfferExposure((seen?.Impressions ?? 0) + 1, seen is { } s && s.LastShownAt > at ? s.LastShownAt : at);
        if (exposures.Count > _options.OfferExposures) exposures.Remove(exposures.MinBy(o => o.Value.LastShownAt).Key);
    }

    /// <summary>
    /// Owes the products of this session the news that they were interacted with close together: the
    /// event's product gets the session's products, each of those gets the event's product. Sent after the
    /// delivery is applied (<see cref="AfterApplyAsync"/>).
    /// </summary>
    private void LinkToSession(TrackedEvent e, string productId)
    {
        var weight = InteractionWeights.For(e.Type, e.Value);
        if (weight <= 0) return;
        var sessionProducts = State.RecentInteractions
            .Where(r => r.ProductId != productId && (e.OccurredAt - r.OccurredAt).Duration() <= _options.SessionWindow)
            .Select(r => r.ProductId)
            .Distinct()
            .Take(_options.CoInteractionsPerEvent)
            .ToArray();
        if (sessionProducts.Length == 0) return;
        var owed = State.OwedCoInteractions ??= [];
        owed.Add(new OwedCoInteraction(productId, new CoInteraction(e.Sequence, sessionProducts, weight, e.OccurredAt)));
        foreach (var other in sessionProducts) owed.Add(new OwedCoInteraction(other, new CoInteraction(e.Sequence, [productId], weight, e.OccurredAt)));
    }

    private void AddInterest(string productId, double weight)
    {
        if (weight <= 0) return;
        var weights = ProductWeights();
        weights[productId] = weights.GetValueOrDefault(productId) + (float)weight;
        if (weights.Count > _options.TasteProducts) weights.Remove(weights.MinBy(w => w.Value).Key);
    }

    /// <summary>
    /// The per-product interest; state written before it existed starts from the recent interactions it
    /// still has (the older history is not in grain state, and the next training covers it).
    /// </summary>
    private Dictionary<string, float> ProductWeights()
    {
        var s = State;
        if (s.ProductWeights is { } weights) return weights;
        s.ProductWeights = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var r in s.RecentInteractions) AddInterest(r.ProductId, InteractionWeights.For(r.Type, r.Value));
        return s.ProductWeights;
    }

    private void Remember(RecentInteraction interaction)
    {
        var recent = State.RecentInteractions;
        // Keep newest first even when events arrive slightly out of time order.
        var index = recent.FindIndex(r => r.OccurredAt <= interaction.OccurredAt);
        recent.Insert(index < 0 ? recent.Count : index, interaction);
        if (recent.Count > _options.RecentInteractions) recent.RemoveRange(_options.RecentInteractions, recent.Count - _options.RecentInteractions);
    }

    /// <summary>Remembers the product as bought (the amount and time go into the activity).</summary>
    private void RecordPurchase(string productId)
    {
        var s = State;
        s.PurchasedProductIds.Remove(productId);
        s.PurchasedProductIds.Insert(0, productId);
        if (s.PurchasedProductIds.Count > _options.PurchasedProducts) s.PurchasedProductIds.RemoveAt(s.PurchasedProductIds.Count - 1);
    }

    private static DateTimeOffset Min(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x < b ? x : b;

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset b) => a is { } x && x > b ? x : b;
}
