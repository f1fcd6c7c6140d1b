using Google.Protobuf.Reflection;
using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.Server.Hosting;

/// <summary>The public API's proto files (protos/personalization/v1), for code that walks every service and method.</summary>
public static class ApiDescriptors
{
    public static readonly IReadOnlyList<FileDescriptor> Files =
    [
        EventsReflection.Descriptor, CatalogReflection.Descriptor, RecommendationsReflection.Descriptor, OffersReflection.Descriptor,
        PropensityReflection.Descriptor, SentimentReflection.Descriptor, ForecastReflection.Descriptor, SegmentsReflection.Descriptor,
        AdminReflection.Descriptor, ExperimentsReflection.Descriptor,
    ];

    public static IEnumerable<MethodDescriptor> Methods => Files.SelectMany(f => f.Services).SelectMany(s => s.Methods);
}
