using PersonalizationEngine.ML.Sentiment;
using PersonalizationEngine.ML.Synthetic;

namespace PersonalizationEngine.ML.Tests;

public sealed class SentimentModelTests
{
    /// <summary>Generated reviews, a share of them negated ("not good" is negative).</summary>
    private static readonly Lazy<SentimentModel> Trained = new(() => SentimentModel.Train(SyntheticReviews.Corpus(3000, seed: 5), new SentimentOptions()));

    [Theory]
    [InlineData("The battery is great.", SentimentLabel.Positive)]
    [InlineData("Really terrible service!", SentimentLabel.Negative)]
    [InlineData("The screen is not good.", SentimentLabel.Negative)]
    [InlineData("This delivery was not bad at all.", SentimentLabel.Positive)]
    [InlineData("I found the price excellent", SentimentLabel.Positive)]
    public void Clear_sentences_and_negations_get_their_label(string text, SentimentLabel expected)
    {
        var prediction = Trained.Value.Predict(text);

        Assert.Equal(expected, prediction.Label);
        Assert.Equal(2 * prediction.PositiveProbability - 1, prediction.Score, 9);
        Assert.InRange(prediction.Probability, 0.65, 1);
    }

    [Fact]
    public void Batch_prediction_matches_one_at_a_time_and_survives_save_and_load()
    {
        string[] texts = ["the phone is lovely", "not perfect, the case is poor", "what a day"];
        using var stream = new MemoryStream();
        Trained.Value.Save(stream);
        stream.Position = 0;
        var loaded = SentimentModel.Load(stream);

        var batch = Trained.Value.PredictAll(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(batch[i].PositiveProbability, Trained.Value.Predict(texts[i]).PositiveProbability, 5);
            Assert.Equal(batch[i].PositiveProbability, loaded.Predict(texts[i]).PositiveProbability, 5);
        }
    }

    [Theory]
    [InlineData(0.9, SentimentLabel.Positive, 0.9)]
    [InlineData(0.1, SentimentLabel.Negative, 0.9)]
    [InlineData(0.55, SentimentLabel.Neutral, 0.9)]
    public void Probabilities_map_to_labels_with_a_neutral_band(double positive, SentimentLabel label, double probability)
    {
        var prediction = SentimentPrediction.From(positive, neutralBand: 0.15);

        Assert.Equal(label, prediction.Label);
        Assert.Equal(probability, prediction.Probability, 9);
    }

    [Fact]
    public void Negation_marks_the_words_up_to_the_next_punctuation()
    {
        Assert.Equal("the food was not neg_good neg_at neg_all , but fine", NegationMarker.Mark("The food was NOT good at all, but fine"));
        Assert.Equal("i don't neg_like neg_it .", NegationMarker.Mark("I don't like it."));
    }

    [Fact]
    public void Metrics_match_hand_computed_values()
    {
        // Predicted positive: 1, 2, 4; truly positive: 1, 2, 3. tp 2, fp 1, fn 1, tn 1.
        var metrics = SentimentMetrics.Evaluate([0.9, 0.8, 0.4, 0.6, 0.1], [true, true, true, false, false], textsPerSecond: 1);

        Assert.Equal(0.6, metrics.Accuracy, 9);
        Assert.Equal((2.0 / 3 + 0.5) / 2, metrics.MacroF1, 9); // positive F1 4/6, negative F1 2/4
        Assert.Equal(5.0 / 6, metrics.Auc, 9);
    }

    [Fact]
    public void Both_corpus_formats_are_read_and_a_bad_line_names_its_place()
    {
        var uci = Path.GetTempFileName();
        var sst = Path.GetTempFileName();
        try
        {
            File.WriteAllText(uci, "Great for the jawbone.\t1\nCrust is not good.  \t0\n");
            File.WriteAllText(sst, "sentence\tlabel\nkids , spirit \t1\nflat characters \t0\n");
            Assert.Equal([new LabelledText("Great for the jawbone.", true), new LabelledText("Crust is not good.", false)], LabelledTextReader.Read(uci));
            Assert.Equal([new LabelledText("kids , spirit", true), new LabelledText("flat characters", false)], LabelledTextReader.Read(sst));

            File.WriteAllText(uci, "fine\t1\nno label here\n");
            var error = Assert.Throws<InvalidDataException>(() => LabelledTextReader.Read(uci).ToList());
            Assert.Contains("line 2", error.Message);
        }
        finally
        {
            File.Delete(uci);
            File.Delete(sst);
        }
    }

    [Theory]
    [InlineData(SentimentFeatures.Encoder)]
    [InlineData(SentimentFeatures.Combined)]
    public void A_model_on_the_sentence_encoders_embedding_labels_unseen_wording(SentimentFeatures features)
    {
        var encoder = PersonalizationEngine.ML.Text.TextEncoders.Shared("minilm");
        var model = SentimentModel.Train(SyntheticReviews.Corpus(600, seed: 7), new SentimentOptions { Features = features }, encoder);
        string[] texts = ["An absolutely wonderful purchase, I adore it.", "Dreadful quality, it fell apart in a day."];

        var batch = model.PredictAll(texts);

        Assert.Equal(features, model.Features);
        Assert.Equal(SentimentLabel.Positive, batch[0].Label);
        Assert.Equal(SentimentLabel.Negative, batch[1].Label);
        Assert.Equal(batch[1].PositiveProbability, model.Predict(texts[1]).PositiveProbability, 5);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = SentimentModel.Load(stream);
        Assert.Equal(features, loaded.Features);
        Assert.Equal(batch[0].PositiveProbability, loaded.Predict(texts[0]).PositiveProbability, 5);
        Assert.Throws<ArgumentException>(() => SentimentModel.Train(SyntheticReviews.Corpus(50, seed: 7), new SentimentOptions { Features = features }));
    }

    [Fact]
    public void Embeddings_encoded_once_by_the_caller_train_the_same_model_as_encoding_inside()
    {
        var encoder = PersonalizationEngine.ML.Text.TextEncoders.Shared("minilm");
        var corpus = SyntheticReviews.Corpus(300, seed: 11);
        var embeddings = encoder.Encode(corpus.Select(t => t.Text).ToArray());
        var options = new SentimentOptions { Features = SentimentFeatures.Combined };
        string[] texts = ["Lovely colour and it fits well.", "Broke on the first day, avoid."];

        var inside = SentimentModel.Train(corpus, options, encoder).PredictAll(texts);
        var given = SentimentModel.Train(corpus, options, encoder, embeddings).PredictAll(texts);

        Assert.Equal(inside.Select(p => p.PositiveProbability), given.Select(p => p.PositiveProbability), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Throws<ArgumentException>(() => SentimentModel.Train(corpus, options, encoder, embeddings[..10]));
    }
}
