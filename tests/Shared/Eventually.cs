namespace PersonalizationEngine.Testing;

/// <summary>Waits for an asynchronous effect (stream delivery) by polling its condition, with a deadline.</summary>
public static class Eventually
{
    public static async Task<T> MatchAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await read();
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Condition not met in time; last value: {value}");
            await Task.Delay(20);
        }
    }
}
