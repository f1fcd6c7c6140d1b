using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.ML.Synthetic;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>
/// An engine configured with a generated labelled corpus (a path relative to its data folder) and a
/// one-second trainer check: it must train its first sentiment model by itself, without any events.
/// </summary>
public sealed class SentimentEngineFixture : IAsyncLifetime
{
    public const int CorpusTexts = 1_200;

    public RunningEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var dataFolder = RunningEngine.NewDataFolder();
        SyntheticReviews.WriteCorpus(Path.Combine(dataFolder, "corpus", "reviews.txt"), SyntheticReviews.Corpus(CorpusTexts, seed: 11));
        Engine = await RunningEngine.StartAsync(dataFolder,
            "Sentiment:CorpusPaths:0=corpus/reviews.txt", "Training:CheckInterval=00:00:01", "Sentiment:MaxTextsPerRequest=5", "MaxTextLength=200");
        // A bound, not a speed check: with the sentence encoder on, three classifiers are trained on a busy CI machine.
        await Eventually.MatchAsync(TrainedAsync, trained => trained, TimeSpan.FromSeconds(180));
    }

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        Directory.Delete(Engine.DataFolder, recursive: true);
    }

    private async Task<bool> TrainedAsync()
    {
        try
        {
            await Engine.Sentiment.AnalyzeSentimentAsync(new AnalyzeSentimentRequest { Texts = { "ok" } });
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            return false;
        }
    }
}
