using System.Text.Json;
using BotHost.Tests.Infrastructure;
using Handover.Actions;
using Microsoft.Extensions.DependencyInjection;
using Testing;

namespace BotHost.Tests.Twilio;

/// <summary>
/// P2 on SMS, end to end: the real host with Quartz's store on a manual clock, signed webhooks in, the fake Twilio out.
/// Nobody picks the conversation up, the clock passes the pickup timeout, and the shopper is asked for their details in turn.
/// </summary>
public class ContactFormEndToEndTests
{
    private const string Shopper = "+15557650100";

    [Fact]
    public async Task NobodyPicksUp_SmsShopperIsAskedInTurn_ContactStoredAndShownByTheApi()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TwilioTestHost.StartAsync(customize: b => b.Services.AddSingleton<TimeProvider>(clock));
        await using var ticker = new Ticker(clock);
        var fake = host.Fake;
        Task<IReadOnlyList<FakeTwilioRequest>> ShopperGets(string text) => fake.WaitForAsync(r => r.To == Shopper && r.Body?.Contains(text, StringComparison.Ordinal) == true);

        await host.SayAsync(Shopper, "can I talk to a human?");
        var waiting = await host.WaitForConversationAsync("sms", Shopper, c => c.GetProperty("controller").GetString() == "waiting");
        var id = waiting.GetProperty("id").GetString();
        await Until(async () => await host.ScalarAsync($"SELECT COUNT(*) FROM qrtz_triggers WHERE job_group = '{PickupJob.JobKind}'") == 1);

        clock.Advance(TimeSpan.FromSeconds(121));
        var first = (await ShopperGets(TextContactForm.NameQuestion)).Single();
        Assert.Equal($"{PickupJob.DefaultFormText} {TextContactForm.NameQuestion}", first.Body);

        await host.SayAsync(Shopper, "Jane Doe");
        await ShopperGets(TextContactForm.EmailQuestion);
        await host.SayAsync(Shopper, "jane at nowhere");
        await ShopperGets(TextContactForm.EmailHint);
        await host.SayAsync(Shopper, "my mail is jane.doe@example.com");
        await ShopperGets(TextContactForm.PhoneQuestion);
        await host.SayAsync(Shopper, "skip");
        await ShopperGets("We have your details (Jane Doe, jane.doe@example.com)");

        var conversation = await host.WaitForConversationAsync("sms", Shopper, c => c.GetProperty("contacts").GetArrayLength() == 1);
        Assert.Equal(id, conversation.GetProperty("id").GetString());
        var contact = conversation.GetProperty("contacts")[0];
        Assert.Equal(("Jane Doe", "jane.doe@example.com", JsonValueKind.Null),
            (contact.GetProperty("name").GetString(), contact.GetProperty("email").GetString(), contact.GetProperty("phone").ValueKind));
        Assert.Equal("waiting", conversation.GetProperty("controller").GetString()); // still there for an agent to pick up
        Assert.Single(fake.Requests, r => r.To == Shopper && r.Body!.Contains(TextContactForm.EmailHint, StringComparison.Ordinal));
    }

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Moves the manual clock a millisecond every few milliseconds of real time: Twilio pacing spaces a sender's messages on
    /// the host's clock, so a clock that never moved would hold the second message forever. Far too slow to reach the
    /// pickup timeout by itself; the test moves the clock past it in one step.
    /// </summary>
    private sealed class Ticker : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _ticking;

        public Ticker(ManualTimeProvider clock) => _ticking = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
                await Task.Delay(5, CancellationToken.None);
            }
        });

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _ticking;
            _stop.Dispose();
        }
    }
}
