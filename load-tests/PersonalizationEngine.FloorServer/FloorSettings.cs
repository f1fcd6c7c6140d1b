namespace PersonalizationEngine.FloorServer;

/// <summary>
/// The floor server's command line: <c>--port N [--grain] [--silo-port N] [--gateway-port N] [--log DIR]</c>.
/// <see cref="LogDirectory"/>: TrackStream appends to a durable file log there, instead of acknowledging only.
/// </summary>
public sealed record FloorSettings(int Port, bool GrainCall, int SiloPort, int GatewayPort, string? LogDirectory = null)
{
    public const string Usage = "usage: pe-floor --port N [--grain] [--silo-port N] [--gateway-port N] [--log DIR]";

    public static FloorSettings Parse(IReadOnlyList<string> args)
    {
        int port = 0, silo = 11_800, gateway = 30_800;
        var grain = false;
        string? log = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--grain": grain = true; break;
                case "--port": port = Number(args, ++i, "--port"); break;
                case "--silo-port": silo = Number(args, ++i, "--silo-port"); break;
                case "--gateway-port": gateway = Number(args, ++i, "--gateway-port"); break;
                case "--log": log = ++i < args.Count ? args[i] : throw new ArgumentException($"--log needs a folder. {Usage}"); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'. {Usage}");
            }
        }
        if (port <= 0) throw new ArgumentException($"--port is required. {Usage}");
        return new FloorSettings(port, grain, silo, gateway, log);
    }

    private static int Number(IReadOnlyList<string> args, int index, string name) =>
        index < args.Count && int.TryParse(args[index], out var value) && value is > 0 and < 65_536
            ? value
            : throw new ArgumentException($"{name} needs a port number. {Usage}");
}
