using BotHost.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BotHost.Tests.Twilio;

public class OptionsTests
{
    [Theory]
    [InlineData("Twilio:AccountSid", "XX123", "Twilio:AccountSid")]
    [InlineData("Twilio:PublicBaseUrl", "bot.example.com", "Twilio:PublicBaseUrl")]
    [InlineData("Twilio:SmsFrom", "5550006", "Twilio:SmsFrom")]
    [InlineData("Twilio:WhatsAppFrom", "+14155238886", "Twilio:WhatsAppFrom")]
    [InlineData("Twilio:MessagingServiceSid", "MG123", "Twilio:MessagingServiceSid")]
    [InlineData("Twilio:MaxConcurrentSends", "0", "Twilio:MaxConcurrentSends")]
    [InlineData("Twilio:Pacing:LongCode", "0", "Twilio:Pacing:LongCode")]
    [InlineData("Twilio:Pacing:ShortCode", "-1", "Twilio:Pacing:ShortCode")]
    [InlineData("Twilio:WhatsAppTemplate:ContentSid", "", "Twilio:WhatsAppTemplate:ContentSid")]
    [InlineData("Twilio:AgentChannel", "pager", "Twilio:AgentChannel")]
    public async Task Start_BadSetting_StopsWithAMessageNamingKeyAndValue(string key, string value, string named)
    {
        var settings = TwilioTestHost.Settings(new Uri("http://127.0.0.1:9"));
        settings[key] = value;
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(settings: settings));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        if (value.Length > 0)
            Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownOrRenamedKey_StopsNamingIt()
    {
        var settings = TwilioTestHost.Settings(new Uri("http://127.0.0.1:9"));
        settings["Twilio:Pacing:Sms"] = "5"; // now Pacing:LongCode; ignored, it would silently keep the default
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => TestApp.StartAsync(settings: settings));
        Assert.Contains("Sms", error.Message, StringComparison.Ordinal);
    }
}
