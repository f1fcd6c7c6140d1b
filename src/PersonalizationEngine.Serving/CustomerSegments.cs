using PersonalizationEngine.Grains.Customers;
using PersonalizationEngine.Grains;
using PersonalizationEngine.ML.Segmentation;

namespace PersonalizationEngine.Serving;

/// <summary>
/// A customer's segment now: the serving segmentation applied to the customer grain's live activity, as
/// of the data's clock (as training saw it). A customer the engine has not seen gets the segment of a new
/// customer. Used by SegmentService and by offer eligibility.
/// </summary>
public sealed class CustomerSegments(IGrainFactory grains, LiveCatalog catalog, ModelStore<SegmentModel> store)
{
    public ServingModel<SegmentModel>? Current => store.Current;

    public async Task<CustomerSegment> SegmentOfAsync(SegmentModel model, string customerId)
    {
        var activity = await grains.ByKey<ICustomerActivityGrain>(customerId).GetActivityAsync();
        return model.SegmentOf(activity, catalog.DataClock);
    }
}
