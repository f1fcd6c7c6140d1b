namespace PersonalizationEngine.FloorServer;

/// <summary>Answers from memory: the cost measured is the grain call itself (activation lookup, turn, serialization).</summary>
public sealed class FloorGrain : Grain, IFloorGrain
{
    private FloorProfile? _profile;

    public Task<FloorProfile> GetProfileAsync() =>
        Task.FromResult(_profile ??= new FloorProfile(this.GetPrimaryKeyString(), ["P000001", "P000002", "P000003"]));
}
