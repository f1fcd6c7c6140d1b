using PersonalizationEngine.Cli.Commands;

namespace PersonalizationEngine.Cli.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Reads_positionals_and_options()
    {
        var line = new CommandLine(["import", "movielens", "u.data", "--server", "http://x:1", "--count", "7"]);

        Assert.Equal("movielens", line.Positional(1, "format"));
        Assert.Equal("http://x:1", line.Server);
        Assert.Equal(7, line.IntOption("count", 10, 1, 100));
    }

    [Fact]
    public void The_api_key_comes_from_the_option_and_every_command_accepts_it()
    {
        var line = new CommandLine(["recommend", "c", "--api-key", "k-0123456789abcdef"]);

        line.AllowOnly("count");
        Assert.Equal("k-0123456789abcdef", line.ApiKey);
    }

    [Theory]
    [InlineData(new[] { "recommend", "--count" }, "--count needs a value")]
    [InlineData(new[] { "recommend" }, "missing <customer-id>")]
    [InlineData(new[] { "recommend", "c", "--count", "0" }, "--count must be a whole number from 1 to 10000")]
    [InlineData(new[] { "recommend", "c", "--cuont", "3" }, "unknown option --cuont")]
    public void Bad_arguments_are_usage_errors_that_say_what_is_wrong(string[] args, string message)
    {
        var error = Assert.Throws<UsageException>(() =>
        {
            var line = new CommandLine(args);
            line.AllowOnly("count");
            line.Positional(1, "customer-id");
            line.IntOption("count", 10, 1, 10_000);
        });

        Assert.Equal(message, error.Message);
    }
}
