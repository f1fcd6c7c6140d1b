using PersonalizationEngine.ML.Decay;

namespace PersonalizationEngine.ML.Tests;

public sealed class ExponentialDecayTests
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_value_halves_every_half_life()
    {
        Assert.Equal(4.0, ExponentialDecay.ValueAt(8, Start, Start + Week, Week), 9);
        Assert.Equal(2.0, ExponentialDecay.ValueAt(8, Start, Start + 2 * Week, Week), 9);
    }

    [Fact]
    public void Adding_in_time_order_decays_the_old_value_first()
    {
        var (value, asOf) = ExponentialDecay.Add(8, Start, 1, Start + Week, Week);

        Assert.Equal((5.0, Start + Week), (value, asOf));
    }

    [Fact]
    public void An_out_of_order_observation_is_decayed_to_the_stored_time()
    {
        var (value, asOf) = ExponentialDecay.Add(8, Start + Week, 2, Start, Week);

        Assert.Equal((9.0, Start + Week), (value, asOf));
    }
}
