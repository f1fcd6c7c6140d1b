using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Serving;

/// <summary>What serves for one model now: the version's name, a description, and its run (null when no trained version serves).</summary>
public sealed record ModelStatusInfo(string Model, string Version, string Algorithm, ModelVersionInfo? Run = null);
