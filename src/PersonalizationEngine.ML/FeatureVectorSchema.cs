using Microsoft.ML.Data;

namespace PersonalizationEngine.ML;

/// <summary>ML.NET schemas for row types whose <c>Features</c> array has a size known only at run time.</summary>
public static class FeatureVectorSchema
{
    public static SchemaDefinition For<TRow>(int featureCount, string column = "Features")
    {
        var schema = SchemaDefinition.Create(typeof(TRow));
        schema[column].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }
}
