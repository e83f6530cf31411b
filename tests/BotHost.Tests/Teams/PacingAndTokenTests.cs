using Channels.BotFramework;
using Testing;

namespace BotHost.Tests.Teams;

public sealed class PacingAndTokenTests
{
    [Fact]
    public void Pacer_SevenPerSecond_EighthWaitsForTheOldestToLeaveTheWindow()
    {
        var clock = new ManualTimeProvider();
        var pacer = new ThreadPacer(clock);
        for (var i = 0; i < 7; i++)
            Assert.Equal(TimeSpan.Zero, pacer.TryReserve("t1"));
        Assert.Equal(TimeSpan.FromSeconds(1), pacer.TryReserve("t1"));
        Assert.Equal(TimeSpan.Zero, pacer.TryReserve("t2")); // another thread has its own budget

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, pacer.TryReserve("t1"));
        // 8 in the last 2 s: the ninth waits for the first to be 2 s old.
        Assert.Equal(TimeSpan.FromSeconds(1), pacer.TryReserve("t1"));
    }

    [Fact]
    public void Pacer_SixtyPerThirtySeconds()
    {
        var clock = new ManualTimeProvider();
        var pacer = new ThreadPacer(clock);
        var sent = 0;
        for (var tick = 0; tick < 300; tick++) // 0 .. 29.9 s, one try every 100 ms
        {
            if (pacer.TryReserve("t") == TimeSpan.Zero)
                sent++;
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }
        Assert.Equal(60, sent);
        Assert.Equal(TimeSpan.Zero, pacer.TryReserve("t")); // at 30 s the first send has left the window
    }

    [Fact]
    public async Task TokenClient_CachesUntilFiveMinutesBeforeExpiry_AndSharesOneRequest()
    {
        await using var fake = await FakeBotConnector.StartAsync();
        var clock = new ManualTimeProvider();
        var options = Microsoft.Extensions.Options.Options.Create(new BotFrameworkOptions
        {
            AppId = FakeBotConnector.AppId, AppPassword = "s", LoginUrl = fake.BaseAddress, TenantId = "contoso.onmicrosoft.com",
        });
        using var http = new HttpClient();
        using var client = new BotTokenClient(http, options, clock);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetTokenAsync(CancellationToken.None)));
        Assert.All(tokens, t => Assert.Equal("bot-token-for-contoso.onmicrosoft.com", t));
        Assert.Equal(1, client.Requests);

        clock.Advance(TimeSpan.FromMinutes(54));
        await client.GetTokenAsync(CancellationToken.None);
        Assert.Equal(1, client.Requests);
        clock.Advance(TimeSpan.FromMinutes(1));
        await client.GetTokenAsync(CancellationToken.None);
        Assert.Equal(2, client.Requests);
    }
}
