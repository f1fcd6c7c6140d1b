namespace PersonalizationEngine.ML.Forecasting;

/// <summary>
/// A product's bounded sales series in one kind of step (<see cref="SalesClock"/>: days or hours): net units and
/// revenue per step with any sale or return, the newest <c>maxSteps</c> steps kept. The product grain keeps a
/// daily and an hourly one live, and the forecasting trainer builds them from the event log with the same
/// <see cref="Add"/>, so the two never disagree.
/// </summary>
public sealed class SalesSeries
{
    /// <summary>Steps with a sale or return, oldest first.</summary>
    public List<SalesStep> Steps { get; init; } = [];

    /// <summary>Adds a sale (positive) or a return (negative units and revenue) in <paramref name="step"/>; steps older than the bound are dropped.</summary>
    public void Add(int step, double units, double revenue, int maxSteps)
    {
        if (Steps.Count > 0 && step <= Steps[^1].Step - maxSteps) return; // older than the window kept
        var index = Steps.FindLastIndex(s => s.Step <= step);
        if (index >= 0 && Steps[index].Step == step)
        {
            var known = Steps[index];
            Steps[index] = known with { Units = known.Units + units, Revenue = known.Revenue + revenue };
        }
        else
        {
            Steps.Insert(index + 1, new SalesStep(step, units, revenue));
        }
        var oldestKept = Steps[^1].Step - maxSteps + 1;
        var expired = Steps.FindIndex(s => s.Step >= oldestKept);
        if (expired > 0) Steps.RemoveRange(0, expired);
    }

    /// <summary>The first step with a sale or return, if any.</summary>
    public int? FirstStep => Steps.Count == 0 ? null : Steps[0].Step;

    /// <summary>Net units and revenue over the steps from <paramref name="firstStep"/> on.</summary>
    public (double Units, double Revenue) Since(int firstStep)
    {
        double units = 0, revenue = 0;
        foreach (var s in Steps)
        {
            if (s.Step < firstStep) continue;
            units += s.Units;
            revenue += s.Revenue;
        }
        return (units, revenue);
    }

    /// <summary>
    /// Net units per step through <paramref name="lastStep"/>, zero in steps without sales, from the first recorded
    /// step or <paramref name="maxSteps"/> before <paramref name="lastStep"/>, whichever is later (empty when nothing is left).
    /// </summary>
    public double[] UnitsThrough(int lastStep, int maxSteps)
    {
        var first = Math.Max(Steps.Count == 0 ? int.MaxValue : Steps[0].Step, lastStep - maxSteps + 1);
        if (Steps.Count == 0 || !Steps.Exists(s => s.Step >= first && s.Step <= lastStep)) return [];
        var units = new double[lastStep - first + 1];
        foreach (var s in Steps)
        {
            if (s.Step >= first && s.Step <= lastStep) units[s.Step - first] += s.Units;
        }
        return units;
    }
}
