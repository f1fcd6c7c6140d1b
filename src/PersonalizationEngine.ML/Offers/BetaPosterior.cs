namespace PersonalizationEngine.ML.Offers;

/// <summary>
/// Belief about an offer's acceptance rate: Beta(α, β), starting from the uniform Beta(1, 1); each
/// acceptance adds one to α, each impression without acceptance one to β.
/// </summary>
public readonly record struct BetaPosterior(double Alpha, double Beta)
{
    public static BetaPosterior Uniform => new(1, 1);

    /// <summary>The posterior after <paramref name="impressions"/> showings of which <paramref name="accepted"/> were accepted (an acceptance without a recorded impression counts as one).</summary>
    public static BetaPosterior FromOutcomes(long impressions, long accepted) =>
        new(1 + accepted, 1 + Math.Max(0, impressions - accepted));

    public double Mean => Alpha / (Alpha + Beta);

    /// <summary>Acceptances over impressions seen so far, ignoring the prior; 1 before the first impression (try everything once).</summary>
    public double ObservedRate => Alpha + Beta > 2 ? (Alpha - 1) / (Alpha + Beta - 2) : 1;

    public BetaPosterior Observe(bool accepted) => accepted ? this with { Alpha = Alpha + 1 } : this with { Beta = Beta + 1 };

    /// <summary>A draw from the posterior: X/(X+Y) with X ~ Gamma(α), Y ~ Gamma(β).</summary>
    public double Sample(Random random)
    {
        var x = Gamma(Alpha, random);
        var y = Gamma(Beta, random);
        return x / (x + y);
    }

    /// <summary>Marsaglia and Tsang's method; shapes below 1 are boosted by one and scaled back with U^(1/shape).</summary>
    private static double Gamma(double shape, Random random)
    {
        if (shape < 1) return Gamma(shape + 1, random) * Math.Pow(random.NextDouble(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
