using System.Diagnostics;

namespace PersonalizationEngine.Grains;

/// <summary>
/// The engine's own trace spans (activity source "PersonalizationEngine"): log appends, projection chunks and
/// training runs. The host exports them with OpenTelemetry when tracing is configured.
/// </summary>
public static class EngineActivities
{
    public const string SourceName = "PersonalizationEngine";

    public static readonly ActivitySource Source = new(SourceName);
}
