using PersonalizationEngine.Client;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>Positional arguments and --name value options of one command, with clear errors.</summary>
public sealed class CommandLine
{
    private readonly List<string> _positional = [];
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    public CommandLine(IEnumerable<string> args)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            if (!e.Current.StartsWith("--", StringComparison.Ordinal))
            {
                _positional.Add(e.Current);
                continue;
            }
            var name = e.Current[2..];
            if (!e.MoveNext()) throw new UsageException($"--{name} needs a value");
            _options[name] = e.Current;
        }
    }

    public string Positional(int index, string name) =>
        index < _positional.Count ? _positional[index] : throw new UsageException($"missing <{name}>");

    /// <summary>The positional arguments from <paramref name="index"/> on (possibly none).</summary>
    public IReadOnlyList<string> PositionalFrom(int index) => _positional.Skip(index).ToArray();

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public string Server => Option("server") ?? "http://127.0.0.1:5000";

    /// <summary>The key for an engine that wants one: --api-key, else the PE_API_KEY environment variable.</summary>
    public string ApiKey => Option("api-key") ?? Environment.GetEnvironmentVariable("PE_API_KEY") ?? "";

    /// <summary>A client of the engine at <see cref="Server"/> with <see cref="ApiKey"/>; commands have no deadline of their own.</summary>
    public PersonalizationClient Connect() => new(new PersonalizationClientOptions
    {
        Addresses = [Server], ApiKey = ApiKey, Deadline = Timeout.InfiniteTimeSpan,
    });

    public int IntOption(string name, int fallback, int min, int max)
    {
        if (Option(name) is not { } text) return fallback;
        if (!int.TryParse(text, out var value) || value < min || value > max)
            throw new UsageException($"--{name} must be a whole number from {min} to {max}");
        return value;
    }

    public double DoubleOption(string name, double fallback, double min, double max)
    {
        if (Option(name) is not { } text) return fallback;
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new UsageException($"--{name} must be a number from {min} to {max}");
        return value;
    }

    /// <summary>An <c>on</c>/<c>off</c> switch.</summary>
    public bool OnOffOption(string name, bool fallback) => Option(name) switch
    {
        null => fallback,
        "on" => true,
        "off" => false,
        var other => throw new UsageException($"--{name}: '{other}' is not on or off"),
    };

    public string ExistingFile(string path, string name) =>
        File.Exists(path) ? path : throw new UsageException($"{name} '{path}' does not exist");

    /// <summary>Rejects options the command does not know (a typo should not be silently ignored).</summary>
    public void AllowOnly(params string[] names)
    {
        var unknown = _options.Keys.Except(names.Append("server").Append("api-key")).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown option --{unknown[0]}");
    }
}
