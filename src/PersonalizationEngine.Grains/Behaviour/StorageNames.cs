namespace PersonalizationEngine.Grains.Behaviour;

/// <summary>Names of the grain storage providers the grains use; the host registers them.</summary>
public static class StorageNames
{
    public const string GrainState = "engine";
}
