using Channels.Twilio;
using Testing;

namespace BotHost.Tests.Twilio;

/// <summary>
/// Per-sender pacing on the host's clock: the host and the fake Twilio share one manual clock, the fake stamps every
/// request with it, and the test moves it; a send that was not held would carry an earlier stamp.
/// </summary>
public class PacingTests
{
    private const string Question = "How long does standard shipping take?";

    private static ManualTimeProvider Clock() => new(DateTimeOffset.UtcNow);

    /// <summary>
    /// Waits for the sender's sends one by one, moving the clock one interval after each, and checks each went out
    /// exactly one interval after the one before: not earlier (paced), not later (no slot lost).
    /// </summary>
    private static async Task AssertPacedAsync(TwilioTestHost host, ManualTimeProvider clock, string from, TimeSpan interval, int count)
    {
        var start = clock.GetUtcNow();
        for (var sent = 1; sent <= count; sent++)
        {
            await host.Fake.WaitForAsync(r => r.From == from, count: sent);
            if (sent < count)
                clock.Advance(interval);
        }
        var offsets = host.Fake.Requests.Where(r => r.From == from).Select(r => r.At - start).Order().ToList();
        Assert.Equal(Enumerable.Range(0, count).Select(i => interval * i), offsets);
    }

    [Theory]
    [InlineData("LongCode", TwilioTestHost.SmsFrom, "+1555765000", "1", 1000)]
    [InlineData("TollFree", "+18005550199", "+1555765000", "4", 250)]
    [InlineData("ShortCode", "12345", "+1555765000", "5", 200)]
    [InlineData("WhatsApp", TwilioTestHost.WhatsAppFrom, "whatsapp:+1555765000", "8", 125)]
    public async Task Send_ThreeRepliesFromOneSender_GoOutOneIntervalApartAtTheRateOfItsKind(
        string kind, string from, string shopperPrefix, string perSecond, int intervalMs)
    {
        var clock = Clock();
        var settings = new Dictionary<string, string?> { [$"Twilio:Pacing:{kind}"] = perSecond };
        if (!from.StartsWith(TwilioChannels.WhatsAppPrefix, StringComparison.Ordinal))
            settings["Twilio:SmsFrom"] = from;
        await using var host = await TwilioTestHost.StartAsync(extra: settings, clock: clock);

        // Three shoppers: pacing is per sending number, whoever the messages go to.
        foreach (var shopper in Enumerable.Range(1, 3).Select(i => $"{shopperPrefix}{i}"))
            await host.SayAsync(shopper, Question);

        await AssertPacedAsync(host, clock, from, TimeSpan.FromMilliseconds(intervalMs), count: 3);
        Assert.Equal(3, host.Fake.Requests.Where(r => r.From == from).Select(r => r.To).Distinct().Count());
    }

    [Fact]
    public async Task Send_ThroughAMessagingService_CarriesItsSidAndIsNotPacedHere()
    {
        var clock = Clock();
        const string service = "MG0123456789abcdef0123456789abcdef";
        await using var host = await TwilioTestHost.StartAsync(
            extra: new() { ["Twilio:MessagingServiceSid"] = service, ["Twilio:Pacing:LongCode"] = "1" }, clock: clock);

        foreach (var shopper in Enumerable.Range(1, 3).Select(i => $"+1555765100{i}"))
            await host.SayAsync(shopper, Question);

        // The clock never moves: Twilio queues the service's numbers to their rates, so nothing waits here.
        var sent = await host.Fake.WaitForAsync(r => r.To.StartsWith("+1555765100", StringComparison.Ordinal), count: 3);
        Assert.All(sent, r => Assert.Equal(service, r.MessagingServiceSid));
        Assert.All(sent, r => Assert.False(r.Form.ContainsKey("From")));
    }

    [Fact]
    public async Task Send_SmsAndWhatsAppSenders_AreNotPacedAgainstEachOther()
    {
        var clock = Clock();
        await using var host = await TwilioTestHost.StartAsync(extra: new() { ["Twilio:Pacing:LongCode"] = "1", ["Twilio:Pacing:WhatsApp"] = "1" }, clock: clock);
        var start = clock.GetUtcNow();

        await host.SayAsync("+15557650001", Question);
        await host.Fake.WaitForAsync(r => r.From == TwilioTestHost.SmsFrom);
        // The long code's next slot is a second away; the WhatsApp sender's first one is now. The clock does not move,
        // so a WhatsApp reply paced behind the SMS one would never arrive.
        await host.SayAsync("whatsapp:+15557650002", Question);
        await host.Fake.WaitForAsync(r => r.From == TwilioTestHost.WhatsAppFrom);

        await host.SayAsync("+15557650003", Question);
        clock.Advance(TimeSpan.FromSeconds(1));
        await host.Fake.WaitForAsync(r => r.From == TwilioTestHost.SmsFrom, count: 2);

        Assert.Equal(
            [("+15557650001", TimeSpan.Zero), ("whatsapp:+15557650002", TimeSpan.Zero), ("+15557650003", TimeSpan.FromSeconds(1))],
            host.Fake.Requests.Select(r => (r.To, r.At - start)).OrderBy(p => p.Item2).ThenBy(p => p.To, StringComparer.Ordinal).ToList());
    }

    [Theory]
    [InlineData("+15005550006", SenderKind.LongCode)]
    [InlineData("+447700900123", SenderKind.LongCode)]
    [InlineData("+18885550123", SenderKind.TollFree)]
    [InlineData("+18005550123", SenderKind.TollFree)]
    [InlineData("12345", SenderKind.ShortCode)]
    [InlineData("123456", SenderKind.ShortCode)]
    [InlineData("whatsapp:+14155238886", SenderKind.WhatsApp)]
    public void SenderKind_OfAFromValue_IsTheKindTwilioRatesItBy(string from, SenderKind expected) =>
        Assert.Equal(expected, SenderKinds.Of(from));
}
