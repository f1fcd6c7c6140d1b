namespace PersonalizationEngine.Grains;

/// <summary>
/// Grain references by string key, made from the grain and interface types resolved once per interface.
/// Orleans' <c>GetGrain&lt;T&gt;(string)</c> formats the interface's type name again on every call (a
/// string built each time), which the projection does twice per event: it showed as about 5% of the
/// engine's CPU while the grains caught up with the log. Every silo runs the same grain classes, so
/// the types resolved on one are those of all.
/// </summary>
public static class GrainReferences
{
    public static T ByKey<T>(this IGrainFactory grains, string key) where T : IGrainWithStringKey
    {
        var (grainType, interfaceType) = Types<T>.Resolved ??= Resolve<T>(grains);
        return (T)grains.GetGrain(GrainId.Create(grainType, key), interfaceType);
    }

    private static (GrainType, GrainInterfaceType) Resolve<T>(IGrainFactory grains) where T : IGrainWithStringKey
    {
        var reference = (GrainReference)(object)grains.GetGrain<T>("resolve");
        return (reference.GrainId.Type, reference.InterfaceType);
    }

    /// <summary>Resolved on first use; a race resolves twice to the same value.</summary>
    private static class Types<T>
    {
        public static (GrainType, GrainInterfaceType)? Resolved;
    }
}
