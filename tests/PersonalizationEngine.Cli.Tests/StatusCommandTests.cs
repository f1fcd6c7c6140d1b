using PersonalizationEngine.Cli.Commands;

namespace PersonalizationEngine.Cli.Tests;

/// <summary>How pe status writes a model's metrics: counts as whole numbers, scores to three decimals.</summary>
public sealed class StatusCommandTests
{
    [Theory]
    [InlineData(123456.0, "123,456")]
    [InlineData(0.26871234, "0.269")]
    [InlineData(2.5, "2.500")]
    [InlineData(0.0, "0.000")]
    public void Metrics_are_written_readably(double value, string expected) => Assert.Equal(expected, StatusCommand.Format(value));
}
