namespace PersonalizationEngine.ML.Models;

/// <summary>
/// Hyper-parameters of <see cref="ImplicitAlsModel"/>. The defaults were chosen on a validation split carved
/// from the MovieLens 100K training part (`pe eval ... --on validation`; docs/benchmarks.md), never on test.
/// </summary>
/// <param name="Factors">Embedding size.</param>
/// <param name="Regularization">λ, the L2 penalty on every factor.</param>
/// <param name="Alpha">Confidence of an observed interaction: c = 1 + α·value.</param>
/// <param name="Iterations">Alternating passes (users, then items).</param>
/// <param name="ConjugateGradientSteps">CG steps per row and pass, warm-started from the last solution.</param>
public sealed record ImplicitAlsOptions(
    int Factors = 16,
    float Regularization = 20f,
    float Alpha = 5f,
    int Iterations = 15,
    int ConjugateGradientSteps = 3,
    int Seed = 42);
