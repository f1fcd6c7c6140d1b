namespace PersonalizationEngine.Grains.Projection;

/// <summary>Grain state built from the event log: it remembers the last log position it applied.</summary>
public interface IProjectedState
{
    /// <summary>Events at or below this log position are already in the state.</summary>
    long LastAppliedSequence { get; set; }
}
