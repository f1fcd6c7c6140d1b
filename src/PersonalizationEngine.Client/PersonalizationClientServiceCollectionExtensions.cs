using Microsoft.Extensions.DependencyInjection;
using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.Client;

/// <summary>Registers the client for dependency injection: one channel for the application, and each service's client.</summary>
public static class PersonalizationClientServiceCollectionExtensions
{
    /// <example><code>
    /// builder.Services.AddPersonalizationClient(o => builder.Configuration.GetSection(PersonalizationClientOptions.Section).Bind(o));
    /// // then inject RecommendationService.RecommendationServiceClient (or PersonalizationClient)
    /// </code></example>
    public static IServiceCollection AddPersonalizationClient(this IServiceCollection services, Action<PersonalizationClientOptions> configure)
    {
        var options = new PersonalizationClientOptions();
        configure(options);
        services.AddSingleton(options);
        services.AddSingleton(sp => new PersonalizationClient(sp.GetRequiredService<PersonalizationClientOptions>()));
        services.AddSingleton(sp => sp.GetRequiredService<PersonalizationClient>().Events);
        services.AddSingleton(sp => sp.GetRequiredService<PersonalizationClient>().Catalog);
        services.AddSingleton(sp => sp.GetRequiredService<PersonalizationClient>().Recommendations);
        services.AddSingleton(sp => sp.GetRequiredService<PersonalizationClient>().Offers);
        services.AddSingleton(sp => sp.GetRequiredService<PersonalizationClient>().Propensity);
        services.AddSingleton(sp => sp.GetRequiredService<PersonalizationClient>().Sentiment);
        services.AddSingleton(sp => sp.GetRequiredService<PersonalizationClient>().Forecasts);
        services.AddSingleton(sp => sp.GetRequiredService<PersonalizationClient>().Segments);
        services.AddSingleton(sp => sp.GetRequiredService<PersonalizationClient>().Experiments);
        services.AddSingleton(sp => sp.GetRequiredService<PersonalizationClient>().Admin);
        return services;
    }
}
