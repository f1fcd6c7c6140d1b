using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains.Products;
using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.ML.Forecasting;
using PersonalizationEngine.ML.Models;
using PersonalizationEngine.ML.Propensity;
using PersonalizationEngine.ML.Segmentation;
using PersonalizationEngine.ML.Sentiment;
using PersonalizationEngine.ML.Text;
using PersonalizationEngine.Serving;
using PersonalizationEngine.Storage.Models;

namespace PersonalizationEngine.Training;

/// <summary>
/// Every model, registered in one place: a model is its definition (name, snapshot format, version names,
/// status text), its options, its serving store, its trainer and its replica sync. Adding a model means its
/// trainer (and serving code) and one line here; the admin service and the status iterate over what is here.
/// </summary>
public static class ModelsServiceCollectionExtensions
{
    private const string OnnxSentiment = "transformer (ONNX Runtime, BERT WordPiece) from Engine:Sentiment:OnnxModelPath";

    /// <summary>
    /// The models, their trainers and the scorers that serve them. Register after the silo: the replicas and
    /// the trainers' start-up are hosted services that need it running.
    /// </summary>
    public static IServiceCollection AddModels(this IServiceCollection services, IConfiguration configuration, ModelsSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<TrainingScheduler>();
        services.AddSingleton<TrainingLog>();
        services.AddHostedService<TrainerStartupService>();

        services.AddModel<ItemFactorSnapshot, RecommendationTraining>(settings, new(ModelNames.Recommendation, "als",
            $"{RecommendationTraining.Algorithm}, folded in live, blended with popularity, co-interaction and category affinity",
            ItemFactorSnapshot.Load, (model, stream) => model.Save(stream))
        {
            // No trained model yet: the live blend serves alone, updated with every committed event.
            Unpublished = new ModelStatusInfo(ModelNames.Recommendation, Recommender.BaselineVersion,
                "time-decayed popularity blended with session co-interaction and category affinity (live, no training)"),
        }, (sp, store) => store.PrepareWith(sp.GetRequiredService<ColdStartProducts>().Prepare));
        services.AddModel<PropensityPredictor, PropensityTraining>(settings, new(ModelNames.Propensity, "propensity",
            PropensityTraining.Algorithm, PropensityPredictor.Load, (model, stream) => model.Save(stream)));
        services.AddModel<SentimentModel, SentimentTraining>(settings, new(ModelNames.Sentiment, "sentiment",
            SentimentTraining.Algorithm, SentimentModel.Load, (model, stream) => model.Save(stream)), (sp, store) =>
        {
            if (sp.GetRequiredService<IOptions<SentimentServingOptions>>().Value is { UsesOnnx: true } onnx)
                store.ServedInstead(SentimentScorer.OnnxVersionOf(onnx.OnnxModelPath!), OnnxSentiment);
        });
        services.AddModel<DemandForecastModel, ForecastTraining>(settings, new(ModelNames.Forecast, "forecast",
            ForecastTraining.Algorithm, DemandForecastModel.Load, (model, stream) => model.Save(stream)));
        services.AddModel<SegmentModel, SegmentTraining>(settings, new(ModelNames.Segments, "segments",
            SegmentTraining.Algorithm, SegmentModel.Load, (model, stream) => model.Save(stream)));

        services.AddModelOptions<TrainingOptions>(configuration, TrainingOptions.Section);
        services.AddModelOptions<PropensityServingOptions>(configuration, PropensityServingOptions.Section);
        services.AddModelOptions<SentimentServingOptions>(configuration, SentimentServingOptions.Section);
        services.AddModelOptions<TextServingOptions>(configuration, TextServingOptions.Section);
        // Before any model snapshot that reads the encoder is loaded: the encoders of this process run as configured.
        TextEncoders.Options = new TextEncoderOptions { Threads = configuration.GetValue($"{TextServingOptions.Section}:{nameof(TextServingOptions.Threads)}", 1) };
        services.AddModelOptions<ForecastServingOptions>(configuration, ForecastServingOptions.Section);
        services.AddModelOptions<SegmentServingOptions>(configuration, SegmentServingOptions.Section)
            .Validate(o => o.MinSegments <= o.MaxSegments, "Engine:Segments:MinSegments must not be above MaxSegments");

        services.AddSingleton<Recommender>();
        services.AddSingleton<ProductTextEmbeddings>();
        services.AddHostedService(sp => sp.GetRequiredService<ProductTextEmbeddings>());
        services.AddSingleton<ColdStartProducts>();
        services.AddSingleton<PropensityScorer>();
        services.AddSingleton<CustomerSegments>();
        services.AddSingleton<SentimentScorer>();
        services.AddSingleton<IReviewScorer>(sp => sp.GetRequiredService<SentimentScorer>());
        services.AddHostedService<ReviewScoring>();
        return services;
    }

    /// <summary>
    /// A model's serving store (its runs in its folder under the data folder's models/, or with the shared log
    /// in PostgreSQL), read by serving and written by its trainer and its replica; the trainer; the replica sync.
    /// </summary>
    private static void AddModel<TModel, TTraining>(this IServiceCollection services, ModelsSettings settings, ModelDefinition<TModel> definition,
        Action<IServiceProvider, ModelStore<TModel>>? configure = null)
        where TModel : class
        where TTraining : class, IModelTraining
    {
        services.AddSingleton(sp =>
        {
            IModelArchive archive = settings.Postgres.Length > 0
                ? new PostgresModelArchive(definition.Name, settings.Postgres)
                : new FolderModelArchive(settings.ModelFolderOf(definition.Name));
            var store = new ModelStore<TModel>(archive, definition, sp.GetRequiredService<ILogger<ModelStore<TModel>>>());
            configure?.Invoke(sp, store);
            return store;
        });
        services.AddSingleton<IServingModel>(sp => sp.GetRequiredService<ModelStore<TModel>>());
        services.AddSingleton<IModelTraining, TTraining>();
        services.AddHostedService<ModelReplicaService<TModel>>();
    }

    private static OptionsBuilder<TOptions> AddModelOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
