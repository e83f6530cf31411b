namespace BotHost.Tests.Teams;

/// <summary>Waits for background work (the outbox, the event relay) to show its effect.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } value)
                return value;
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    public static Task<T> GetAsync<T>(Func<T?> probe, string what, int seconds = 20) => GetAsync(() => Task.FromResult(probe()), what, seconds);
}
