using System.Diagnostics;
using Spectre.Console;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>
/// The progress of a long command, stage by stage: live bars on a terminal; elsewhere (piped, CI logs) one line
/// when a stage starts and one when it is done, never a line per update.
/// </summary>
internal sealed class Stages
{
    private readonly IAnsiConsole _console;
    private readonly ProgressContext? _bars;
    private readonly List<Stage> _started = [];

    private Stages(IAnsiConsole console, ProgressContext? bars) => (_console, _bars) = (console, bars);

    /// <summary>Runs <paramref name="work"/>, which adds its stages as it reaches them.</summary>
    public static void Run(IAnsiConsole console, Action<Stages> work, params ProgressColumn[] columns) =>
        RunAsync(console, stages =>
        {
            work(stages);
            return Task.FromResult(0);
        }, columns).GetAwaiter().GetResult();

    public static async Task<T> RunAsync<T>(IAnsiConsole console, Func<Stages, Task<T>> work, params ProgressColumn[] columns)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            var lines = new Stages(console, null);
            var result = await work(lines);
            foreach (var stage in lines._started) stage.Finish();
            return result;
        }
        var progress = console.Progress();
        if (columns.Length > 0) progress = progress.Columns(columns);
        return await progress.StartAsync(context => work(new Stages(console, context)));
    }

    /// <summary>A stage that is done when its value reaches <paramref name="maxValue"/>.</summary>
    public Stage Add(string name, double maxValue)
    {
        var stage = new Stage(name, maxValue, _bars?.AddTask(name, maxValue: maxValue), _console);
        _started.Add(stage);
        return stage;
    }

    internal sealed class Stage
    {
        private readonly string _name;
        private readonly ProgressTask? _bar;
        private readonly IAnsiConsole _console;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private double _value;
        private bool _finished;

        public Stage(string name, double maxValue, ProgressTask? bar, IAnsiConsole console)
        {
            (_name, MaxValue, _bar, _console) = (name, maxValue, bar, console);
            if (bar is null) console.WriteLine($"{name}: started");
        }

        public double MaxValue { get; }

        public double Value
        {
            get => _value;
            set
            {
                _value = value;
                if (_bar is not null) _bar.Value = value;
                else if (value >= MaxValue) Finish();
            }
        }

        public void Increment(double by) => Value = _value + by;

        /// <summary>Says once, on a plain output, that the stage is done and how long it took.</summary>
        public void Finish()
        {
            if (_bar is not null || _finished) return;
            _finished = true;
            _console.WriteLine($"{_name}: done in {_clock.Elapsed.TotalSeconds:F1} s");
        }
    }
}
