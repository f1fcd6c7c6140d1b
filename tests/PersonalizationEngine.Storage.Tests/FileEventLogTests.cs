using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Storage.Tests;

public sealed class FileEventLogTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private EventLogOptions Options(long segmentBytes = 64L * 1024 * 1024) => new(System.IO.Path.Combine(_folder.Path, "events"), segmentBytes);

    private static TrackedEvent Event(string id, string customer = "c1", string? text = null) =>
        new(0, id, customer, "p1", InteractionType.Review, DateTimeOffset.UnixEpoch.AddDays(1), 4.5, text, null,
            new Dictionary<string, string> { ["channel"] = "web" });

    [Fact]
    public async Task Erasing_a_customer_overwrites_their_events_in_every_segment_and_keeps_every_position()
    {
        // Small segments: the customer's events are spread over several, the last of them the active one.
        await using (var log = FileEventLog.Open(Options(segmentBytes: 300)))
        {
            for (var i = 0; i < 12; i++) await log.AppendEventsAsync([Event($"e{i}", customer: i % 3 == 0 ? "gone-customer" : "stays", text: $"review {i}")]);

            Assert.Equal(4, (await log.EraseCustomerAsync("gone-customer")).Events);
            await log.AppendEventsAsync([Event("after", customer: "gone-customer")]);

            var records = log.ReadAfter(0).ToList();
            Assert.Equal(Enumerable.Range(1, 13).Select(i => (long)i), records.Select(r => r.Sequence));
            Assert.Equal(4, records.OfType<ErasedRecord>().Count());
            Assert.All(records.OfType<EventRecord>().Where(r => r.Event.CustomerId == "gone-customer"), r => Assert.Equal("after", r.Event.EventId));
            Assert.Equal(9, log.EventCount);
        }
        Assert.True(Directory.GetFiles(Options().Directory, "*.log").Length > 2);
        Assert.DoesNotContain(Directory.GetFiles(Options().Directory), f => System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f)).Contains("review 0"));

        await using var reopened = FileEventLog.Open(Options(segmentBytes: 300));
        Assert.Equal(13, reopened.LastSequence);
        Assert.Equal(9, reopened.EventCount);
    }

    [Fact]
    public async Task A_retry_of_an_erased_event_stays_a_duplicate_beyond_the_deduplication_window_and_after_a_restart()
    {
        // A window of two ids: the erased ids are long gone from it when they are retried.
        var options = new EventLogOptions(System.IO.Path.Combine(_folder.Path, "events"), DeduplicationWindow: 2);
        TrackedEvent[] erased = [Event("gone-event-0", "gone-customer"), Event("gone-event-1", "gone-customer"), Event("gone-event-2", "gone-customer")];
        await using (var log = FileEventLog.Open(options))
        {
            await log.AppendEventsAsync(erased);
            Assert.Equal(3, (await log.EraseCustomerAsync("gone-customer")).Events);
            for (var i = 0; i < 5; i++) await log.AppendEventsAsync([Event($"other-{i}")]);

            var retried = await log.AppendEventsAsync(erased);
            Assert.Empty(retried.Appended);
            Assert.Equal(3, retried.Duplicates);
        }

        await using var reopened = FileEventLog.Open(options);
        var afterRestart = await reopened.AppendEventsAsync([.. erased, Event("new-event")]);
        Assert.Equal(3, afterRestart.Duplicates);
        Assert.Equal("new-event", Assert.Single(afterRestart.Appended).EventId);
        // What the erasure left holds neither the ids nor the customer.
        Assert.DoesNotContain(Directory.GetFiles(options.Directory), f => System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f)).Contains("gone-"));
    }

    [Fact]
    public async Task Appended_records_are_read_back_after_reopening()
    {
        await using (var log = FileEventLog.Open(Options()))
        {
            var result = await log.AppendEventsAsync([Event("e1", text: "great ünïcode"), Event("e2")]);
            await log.AppendProductsAsync([new ProductInfo("p1", "Boots", "shoes", ["winter"], 49.5, true, new Dictionary<string, string> { ["colour"] = "red" })]);
            await log.AppendOffersAsync([Offer, Offer with { OfferId = "o2", ProductId = null, Category = "shoes", StartsAt = null, EndsAt = null }]);
            Assert.Equal([1L, 2L], result.Appended.Select(e => e.Sequence));
        }

        var recovered = new List<LogRecord>();
        await using var reopened = FileEventLog.Open(Options(), recovered.Add);

        Assert.Equal(5, reopened.LastSequence);
        Assert.Equal(2, reopened.EventCount);
        var first = Assert.IsType<EventRecord>(recovered[0]).Event;
        Assert.Equal(Event("e1", text: "great ünïcode") with { Sequence = 1, Context = first.Context }, first);
        Assert.Equal("web", first.Context!["channel"]);
        var product = Assert.IsType<ProductRecord>(recovered[2]).Product;
        Assert.Equal(("Boots", "shoes", 49.5, "winter", "red"), (product.Title, product.Category, product.Price, product.Tags[0], product.Attributes["colour"]));
        var offer = Assert.IsType<OfferRecord>(recovered[3]).Offer;
        Assert.Equal(Offer with { EligibleSegments = offer.EligibleSegments, EligibleChannels = offer.EligibleChannels }, offer);
        Assert.Equal(["vip"], offer.EligibleSegments);
        Assert.Equal(["app", "web"], offer.EligibleChannels);
        var open = Assert.IsType<OfferRecord>(recovered[4]).Offer;
        Assert.Equal((null, "shoes", null, null), (open.ProductId, open.Category, open.StartsAt, open.EndsAt));
    }

    [Fact]
    public async Task An_event_naming_its_recommendation_list_keeps_the_id_and_plain_events_keep_their_layout()
    {
        var attributed = Event("click") with { Type = InteractionType.Click, Text = null, RecommendationId = "0123456789abcdef.recommendation-v3.spring.challenger" };
        await using (var log = FileEventLog.Open(Options())) await log.AppendEventsAsync([attributed, Event("plain")]);

        var recovered = new List<LogRecord>();
        await using var reopened = FileEventLog.Open(Options(), recovered.Add);

        var (first, second) = (Assert.IsType<EventRecord>(recovered[0]).Event, Assert.IsType<EventRecord>(recovered[1]).Event);
        Assert.Equal(attributed.RecommendationId, first.RecommendationId);
        Assert.Equal((InteractionType.Click, "web"), (first.Type, first.Context!["channel"]));
        Assert.Null(second.RecommendationId);
    }

    private static readonly OfferInfo Offer = new("o1", "10% off boots", "p1", null, 4.5,
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), 3, ["vip"], ["app", "web"]);

    [Fact]
    public async Task A_torn_last_record_is_cut_off_and_nothing_acknowledged_is_lost()
    {
        await using (var log = FileEventLog.Open(Options()))
        {
            for (var i = 0; i < 100; i++) await log.AppendEventsAsync([Event($"e{i}")]);
        }
        var segment = Directory.GetFiles(Options().Directory).Single();
        var intactLength = new FileInfo(segment).Length;
        // A crash in the middle of writing the next record: a header that promises more bytes than follow.
        await using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write([200, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9]);
        }

        var recovered = new List<LogRecord>();
        await using (var reopened = FileEventLog.Open(Options(), recovered.Add))
        {
            Assert.Equal(100, recovered.Count);
            Assert.Equal(intactLength, new FileInfo(segment).Length);
            // The log goes on appending after the cut.
            var next = await reopened.AppendEventsAsync([Event("after-crash")]);
            Assert.Equal(101, next.Appended.Single().Sequence);
        }
        await using var again = FileEventLog.Open(Options());
        Assert.Equal(101, again.EventCount);
    }

    [Fact]
    public async Task A_record_with_a_bad_checksum_at_the_tail_is_cut_off()
    {
        await using (var log = FileEventLog.Open(Options()))
        {
            await log.AppendEventsAsync([Event("e1")]);
            await log.AppendEventsAsync([Event("e2")]);
        }
        var segment = Directory.GetFiles(Options().Directory).Single();
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[^3] ^= 0xFF;
        await File.WriteAllBytesAsync(segment, bytes);

        await using var reopened = FileEventLog.Open(Options());

        Assert.Equal(1, reopened.EventCount);
    }

    [Fact]
    public async Task A_retried_event_id_is_not_appended_twice_even_after_a_restart()
    {
        await using (var log = FileEventLog.Open(Options()))
        {
            var first = await log.AppendEventsAsync([Event("same"), Event("same"), Event("other")]);
            Assert.Equal((2, 1), (first.Appended.Count, first.Duplicates));
        }
        await using var reopened = FileEventLog.Open(Options());

        var retry = await reopened.AppendEventsAsync([Event("same")]);

        Assert.Equal((0, 1), (retry.Appended.Count, retry.Duplicates));
        Assert.Equal(2, reopened.EventCount);
    }

    [Fact]
    public async Task Segments_roll_over_and_are_read_in_order()
    {
        await using (var log = FileEventLog.Open(Options(segmentBytes: 2_000)))
        {
            for (var i = 0; i < 200; i++) await log.AppendEventsAsync([Event($"e{i}")]);
            Assert.True(Directory.GetFiles(Options().Directory).Length > 5);
            Assert.Equal(Enumerable.Range(151, 50).Select(i => (long)i), log.ReadAfter(150).Select(r => r.Sequence));
            Assert.Equal(Enumerable.Range(151, 50).Select(i => (long)i), await log.ReadAfterAsync(150).Select(r => r.Sequence).ToListAsync());
        }
        await using var reopened = FileEventLog.Open(Options(segmentBytes: 2_000));
        Assert.Equal(200, reopened.LastSequence);
        Assert.Equal(201, (await reopened.AppendEventsAsync([Event("next")])).Appended.Single().Sequence);
    }

    [Fact]
    public async Task Concurrent_appends_are_committed_in_groups_without_loss()
    {
        var committed = new List<long>();
        await using var log = FileEventLog.Open(Options());
        log.OnCommitted(records => { lock (committed) committed.AddRange(records.Select(r => r.Sequence)); });

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(t =>
            log.AppendEventsAsync(Enumerable.Range(0, 20).Select(i => Event($"t{t}-{i}")).ToArray())));

        Assert.Equal(1000, results.Sum(r => r.Appended.Count));
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), committed);
        Assert.Equal(1000, log.ReadAfter(0).Count());
    }

    public void Dispose() => _folder.Dispose();
}
