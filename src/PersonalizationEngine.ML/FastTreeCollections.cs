using System.Reflection;

namespace PersonalizationEngine.ML;

/// <summary>
/// Stops an ML.NET FastTree trainer from forcing full garbage collections. Every FastTree fit starts with
/// two <c>GC.Collect(2, Forced)</c> calls and a <c>GC.GetTotalMemory(true)</c>, all blocking, because its
/// <c>AllowGC</c> field is always true (a workaround kept from an old CLR bug, with no option to turn it off).
/// In the engine, where training shares the process with requests, each of those collections paused every
/// request for 0.2–0.7 s (load-tests/training-isolation.sh, an in-process GC event listener: three induced
/// blocking collections per fit, on the training thread). Without them the collector keeps its own schedule,
/// background collections included.
/// </summary>
public static class FastTreeCollections
{
    private const string FieldName = "AllowGC";

    /// <summary>Turns the forced collections off for <paramref name="trainer"/>; false when this ML.NET has no such switch.</summary>
    public static bool Off(object trainer)
    {
        if (SwitchOf(trainer) is not { } field) return false;
        field.SetValue(trainer, false);
        return true;
    }

    /// <summary>Whether <paramref name="trainer"/> would force collections.</summary>
    public static bool AreForced(object trainer) => SwitchOf(trainer) is { } field && (bool)field.GetValue(trainer)!;

    private static FieldInfo? SwitchOf(object trainer)
    {
        for (var type = trainer.GetType(); type is not null; type = type.BaseType)
        {
            if (type.GetField(FieldName, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is { } field && field.FieldType == typeof(bool))
                return field;
        }
        return null;
    }
}
