namespace PersonalizationEngine.Server.Tests;

public static class ModelVersions
{
    /// <summary>The number in a version name ("als-v3" is 3).</summary>
    public static int Number(string version) => int.Parse(version[(version.LastIndexOf('v') + 1)..]);
}
