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

    /// <summary>
    /// T5 is read once per message (the dialogs' scenario rules; the core's trigger decorator no longer matches scenarios
    /// itself): one matching message is one decision, one event with its reason (T6) and one e-mail to the admins.
    /// </summary>
    [Fact]
    public async Task SemiAutomate_ScenarioFromTheBotFile_OneDecisionOneEventOneEmail()
    {
        await using var smtp = new FakeSmtpServer();
        await using var app = await TestApp.StartAsync(settings: new()
        {
            ["Integrations:Smtp:Host"] = "127.0.0.1",
            ["Integrations:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Integrations:EscalationRecipients:0"] = "lead@shop.example",
        });
        const string File = "mode: SemiAutomate\nscenarios:\n  - name: Big refunds\n    topic: [refund]\n    amountOver: {value: 200, currency: USD}\n";
        using (var yaml = new StringContent(File, System.Text.Encoding.UTF8, "application/yaml"))
            (await app.Client("admin").PutAsync("/api/admin/bots/demo/settings", yaml)).EnsureSuccessStatusCode();

        var id = (await app.ShopperSaysAsync("dl-semi-t5", "I need a refund of $349.99 for the boots")).ConversationId;

        var conversation = await app.Client("admin").GetFromJsonAsync<JsonElement>($"/api/conversations/{id}");
        Assert.Equal("ai", conversation.GetProperty("controller").GetString());
        var suggested = conversation.GetProperty("escalationSuggested");
        Assert.Equal(("scenario", "Big refunds"), (suggested.GetProperty("trigger").GetString(), suggested.GetProperty("rule").GetString()));
        Assert.Equal("refund; 349.99 USD", suggested.GetProperty("evidence").GetString()); // the dialogs' rules, with the currency recognizer
        var events = conversation.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("verb").GetString()).ToList();
        Assert.Single(events, v => v == "EscalationSuggested");
        Assert.DoesNotContain("HandedOver", events);

        for (var i = 0; i < 300 && smtp.Received.IsEmpty; i++)
            await Task.Delay(50);
        await Task.Delay(TimeSpan.FromSeconds(1)); // a second e-mail for the same message would arrive here
        var mail = Assert.Single(smtp.Received);
        Assert.Contains("scenario", mail.Data, StringComparison.Ordinal);
        Assert.Contains("Big refunds", mail.Data, StringComparison.Ordinal);
    }
}
