using Npgsql;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Storage.EventLog;
using PersonalizationEngine.Storage.EventLog.Postgres;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Storage.Tests;

/// <summary>The shared log against a real PostgreSQL server: two logs on one database stand for two silos.</summary>
public sealed class PostgresEventLogTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static TrackedEvent Event(string id, string customer = "c1") =>
        new(0, id, customer, "p1", InteractionType.View, DateTimeOffset.UnixEpoch.AddDays(1), 1, null, null, null);

    private static ProductInfo Product(string id) => new(id, "Boots", "shoes", [], 10, true, new Dictionary<string, string>());

    /// <summary>Opens a silo's log and starts its tail, collecting what it hands on.</summary>
    private static (PostgresEventLog Log, List<LogRecord> Seen) OpenSilo(string connectionString, List<LogRecord>? recovered = null)
    {
        var log = PostgresEventLog.Open(connectionString, recovered is null ? null : recovered.Add);
        var seen = new List<LogRecord>();
        log.OnCommitted(records =>
        {
            lock (seen) seen.AddRange(records);
        });
        return (log, seen);
    }

    private static int Count(List<LogRecord> seen)
    {
        lock (seen) return seen.Count;
    }

    [SkippableFact]
    public async Task Two_silos_appending_at_once_share_one_gapless_order_that_both_see()
    {
        Skip.If(postgres.Unavailable is not null, postgres.Unavailable);
        var database = await postgres.NewDatabaseAsync();
        var (first, seenByFirst) = OpenSilo(database);
        var (second, seenBySecond) = OpenSilo(database);
        await using (first)
        await using (second)
        {
            var writes = Enumerable.Range(0, 40).Select(i => i % 2 == 0
                ? first.AppendEventsAsync([Event($"a{i}"), Event($"b{i}")])
                : (Task)second.AppendProductsAsync([Product($"p{i}")]));
            await Task.WhenAll(writes);

            await Eventually.MatchAsync(() => Task.FromResult(Count(seenByFirst) + Count(seenBySecond)), total => total == 120);
            Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), seenByFirst.Select(r => r.Sequence));
            Assert.Equal(seenByFirst.Select(r => r.Sequence), seenBySecond.Select(r => r.Sequence));
            Assert.Equal(40, second.EventCount);
            Assert.Equal(20, first.ProductCount);
            Assert.Equal(60, first.ReadAfter(0).Count());
            // The asynchronous reader pages through the same records (the projection catches up with it).
            Assert.Equal(first.ReadAfter(20).Select(r => r.Sequence), await second.ReadAfterAsync(20).Select(r => r.Sequence).ToListAsync());
        }
    }

    [SkippableFact]
    public async Task An_event_retried_on_another_silo_is_not_appended_twice()
    {
        Skip.If(postgres.Unavailable is not null, postgres.Unavailable);
        var database = await postgres.NewDatabaseAsync();
        var (first, _) = OpenSilo(database);
        var (second, _) = OpenSilo(database);
        await using (first)
        await using (second)
        {
            var accepted = await first.AppendEventsAsync([Event("e1"), Event("e2")]);
            var retried = await second.AppendEventsAsync([Event("e2"), Event("e3"), Event("e3")]);

            Assert.Equal([1L, 2L], accepted.Appended.Select(e => e.Sequence));
            Assert.Equal(["e3"], retried.Appended.Select(e => e.EventId));
            Assert.Equal(3, retried.Appended[0].Sequence);
            Assert.Equal(2, retried.Duplicates);
        }
    }

    [SkippableFact]
    public async Task Erasing_a_customer_removes_their_ids_and_payloads_and_keeps_every_position()
    {
        Skip.If(postgres.Unavailable is not null, postgres.Unavailable);
        var database = await postgres.NewDatabaseAsync();
        var (first, _) = OpenSilo(database);
        var (second, _) = OpenSilo(database);
        await using (first)
        await using (second)
        {
            for (var i = 0; i < 6; i++) await first.AppendEventsAsync([Event($"e{i}", customer: i % 2 == 0 ? "gone-customer" : "stays")]);

            var erasure = await second.EraseCustomerAsync("gone-customer");
            await first.AppendEventsAsync([Event("after", customer: "gone-customer")]);
            // A late retry of an erased event, on the other silo, is a duplicate: the customer does not come back.
            var retried = await first.AppendEventsAsync([Event("e0", customer: "gone-customer")]);
            Assert.Equal((0, 1), (retried.Appended.Count, retried.Duplicates));

            Assert.Equal(new Erasure(3, 6), erasure);
            var records = second.ReadAfter(0).ToList();
            Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), records.Select(r => r.Sequence));
            Assert.Equal([1L, 3L, 5L], records.OfType<ErasedRecord>().Select(r => r.Sequence));
            Assert.Equal("after", Assert.Single(records.OfType<EventRecord>(), r => r.Event.CustomerId == "gone-customer").Event.EventId);
        }
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var leftovers = new NpgsqlCommand(
            "SELECT count(*) FROM pe_event_log WHERE position(convert_to('gone-customer', 'UTF8') in coalesce(payload, ''::bytea)) > 0 OR event_id IN ('e0', 'e2', 'e4')", connection);
        Assert.Equal(1L, await leftovers.ExecuteScalarAsync()); // the event appended after the erasure
        await using var tombstones = new NpgsqlCommand("SELECT count(*) FROM pe_erased_event_ids WHERE length(tombstone) = 16", connection);
        Assert.Equal(3L, await tombstones.ExecuteScalarAsync());
    }

    [SkippableFact]
    public async Task Reopening_recovers_every_record_in_order_and_continues_the_sequence()
    {
        Skip.If(postgres.Unavailable is not null, postgres.Unavailable);
        var database = await postgres.NewDatabaseAsync();
        await using (var log = OpenSilo(database).Log)
        {
            await log.AppendEventsAsync([Event("e1"), Event("e2")]);
            await log.AppendProductsAsync([Product("p1")]);
            await log.EraseCustomerAsync("c1");
        }

        var recovered = new List<LogRecord>();
        var (reopened, _) = OpenSilo(database, recovered);
        await using (reopened)
        {
            Assert.Equal([typeof(ErasedRecord), typeof(ErasedRecord), typeof(ProductRecord)], recovered.Select(r => r.GetType()));
            Assert.Equal(3, reopened.CommittedSequence);
            Assert.Equal(0, reopened.EventCount);
            var retried = await reopened.AppendEventsAsync([Event("e1")]); // erased, and still known by its tombstone
            Assert.Equal((0, 1), (retried.Appended.Count, retried.Duplicates));
            var appended = await reopened.AppendEventsAsync([Event("e3")]);
            Assert.Equal(4, appended.Appended[0].Sequence);
        }
    }

    [Fact]
    public void Opening_a_log_on_a_server_that_is_not_there_fails_with_the_reason()
    {
        var error = Assert.ThrowsAny<NpgsqlException>(() => PostgresEventLog.Open($"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Timeout=2"));
        Assert.Contains("127.0.0.1", error.ToString());
    }
}
