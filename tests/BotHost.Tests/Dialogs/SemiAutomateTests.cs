using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using BotHost.Tests.Infrastructure;
using Testing;

namespace BotHost.Tests.Dialogs;

public class SemiAutomateTests
{
    [Fact]
    public async Task SemiAutomate_ContactRequest_AiKeepsAnsweringConversationFlaggedAdminsEmailed()
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = await TestApp.StartAsync(settings: new()
        {
            ["Bots:demo:Mode"] = "SemiAutomate",
            ["Integrations:Smtp:Host"] = "127.0.0.1",
            ["Integrations:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Integrations:EscalationRecipients:0"] = "lead@shop.example",
        });

        var id = (await app.ShopperSaysAsync("dl-semi", "I want to speak to an agent")).ConversationId;

        var conversation = await app.Client("admin").GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
        Assert.Equal("ai", conversation.GetProperty("controller").GetString());
        Assert.False(conversation.GetProperty("everHandedOver").GetBoolean());
        Assert.Equal("contact_request", conversation.GetProperty("escalationSuggested").GetProperty("trigger").GetString());
        Assert.Contains(conversation.GetProperty("events").EnumerateArray(), e => e.GetProperty("verb").GetString() == "EscalationSuggested");
        Assert.Contains(conversation.GetProperty("messages").EnumerateArray(), m => m.GetProperty("role").GetString() == "ai");

        for (var i = 0; i < 300 && smtp.Received.IsEmpty; i++)
            await Task.Delay(50);
        var mail = Assert.Single(smtp.Received);
        Assert.Equal(["lead@shop.example"], mail.To);
        Assert.Contains(id, mail.Data, StringComparison.Ordinal);
        Assert.Contains("contact_request", mail.Data, StringComparison.Ordinal);
    }
}
