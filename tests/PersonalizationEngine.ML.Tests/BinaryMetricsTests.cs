using PersonalizationEngine.ML.Evaluation;

namespace PersonalizationEngine.ML.Tests;

public sealed class BinaryMetricsTests
{
    [Fact]
    public void Matches_hand_computed_values()
    {
        double[] p = [0.9, 0.8, 0.8, 0.3, 0.1];
        bool[] y = [true, false, true, false, false];

        var m = BinaryMetrics.Evaluate(p, y);

        // Pairs (positive, negative): 0.9 beats all 3 negatives; 0.8 ties one 0.8 (half) and beats 0.3 and 0.1.
        Assert.Equal((3 + 2.5) / 6, m.Auc, 12);
        var logLoss = -(Math.Log(0.9) + Math.Log(0.2) + Math.Log(0.8) + Math.Log(0.7) + Math.Log(0.9)) / 5;
        Assert.Equal(logLoss, m.LogLoss, 12);
        Assert.Equal((0.01 + 0.64 + 0.04 + 0.09 + 0.01) / 5, m.Brier, 12);
        Assert.Equal(0.4, m.PositiveRate, 12);
        // Top decile of 5 rows is the single highest prediction (a positive): rate 1 over base rate 0.4.
        Assert.Equal(2.5, m.LiftAtTopDecile, 12);
        var bin = Assert.Single(m.Calibration, b => b.From == 0.8);
        Assert.Equal(2, bin.Count);
        Assert.Equal(0.5, bin.Observed, 12);
        Assert.Equal(1.0, Assert.Single(m.Calibration, b => b.From == 0.9).Observed);
    }

    [Fact]
    public void Perfect_and_inverted_rankings()
    {
        Assert.Equal(1.0, BinaryMetrics.AreaUnderCurve([0.2, 0.9], [false, true]));
        Assert.Equal(0.0, BinaryMetrics.AreaUnderCurve([0.9, 0.2], [false, true]));
        Assert.True(double.IsNaN(BinaryMetrics.AreaUnderCurve([0.9, 0.2], [true, true])));
    }
}
