namespace PersonalizationEngine.FloorServer;

/// <summary>One grain call of the shape the engine makes first on every Recommend (a customer's profile read).</summary>
public interface IFloorGrain : IGrainWithStringKey
{
    Task<FloorProfile> GetProfileAsync();
}
