using Handover.Actions;
using Handover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Testing;

namespace Handover.Tests.Actions;

public class IntegrationActionsTests
{
    [Fact]
    public async Task Email_GoesToTheSmtpServer_WithSubjectAndLink()
    {
        await using var smtp = new FakeSmtpServer();
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "actions:\n  - type: email\n    to: [ops@example.com, lead@example.com]\n",
            new() { ["Integrations:Smtp:Host"] = "127.0.0.1", ["Integrations:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var id = (await h.Core.ShopperSaysAsync("e-1", "agent please")).ConversationId;
        await h.RelayAsync();

        var mail = Assert.Single(smtp.Received);
        Assert.Equal(["ops@example.com", "lead@example.com"], mail.To);
        Assert.Contains("Subject: Customer needs your help", mail.Data);
        Assert.Contains($"/api/conversations/{id}", mail.Data);
    }

    [Fact]
    public async Task Email_RefusedForGood_IsAFailureWithoutRetries()
    {
        await using var smtp = new FakeSmtpServer { RefuseRecipientsWith = "550 no such mailbox" };
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "actions:\n  - type: email\n    to: [ops@example.com]\n",
            new() { ["Integrations:Smtp:Host"] = "127.0.0.1", ["Integrations:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var id = (await h.Core.ShopperSaysAsync("e-2", "agent please")).ConversationId;
        await h.RelayAsync();
        Assert.DoesNotContain(h.Jobs.Pending, j => j.Job.Kind == ActionJob.JobKind);
        Assert.Contains("550", Assert.Single(await h.Core.Services.GetRequiredService<ActionFailures>().ListAsync(id, CancellationToken.None)).Error);
    }

    [Fact]
    public async Task Tickets_OpenInEveryHelpdesk_WithTheTranscript_AndA5xxIsRetriedOnlyWhereItFailed()
    {
        await using var gorgias = await FakeHelpdesk.StartAsync();
        await using var zendesk = await FakeHelpdesk.StartAsync();
        await using var intercom = await FakeHelpdesk.StartAsync();
        zendesk.Respond = n => n == 1 ? (503, null) : (201, null);
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "actions:\n  - type: ticket\n    helpdesks: [gorgias, zendesk, intercom]\n", new()
        {
            ["Integrations:Gorgias:BaseUrl"] = gorgias.BaseAddress.ToString(), ["Integrations:Gorgias:Username"] = "u@shop.test", ["Integrations:Gorgias:ApiKey"] = "g-key",
            ["Integrations:Zendesk:BaseUrl"] = zendesk.BaseAddress.ToString(), ["Integrations:Zendesk:Email"] = "z@shop.test", ["Integrations:Zendesk:ApiToken"] = "z-token",
            ["Integrations:Intercom:BaseUrl"] = intercom.BaseAddress.ToString(), ["Integrations:Intercom:AccessToken"] = "i-token",
        });
        await h.Core.ShopperSaysAsync("t-1", "Where is my order #1042?");
        await h.Core.ShopperSaysAsync("t-1", "agent please");
        await h.RelayAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));

        var g = Assert.Single(gorgias.Requests);
        Assert.Equal(("POST", "/api/tickets"), (g.Method, g.Path));
        Assert.StartsWith("Basic ", g.Authorization, StringComparison.Ordinal);
        Assert.Contains("Where is my order #1042?", g.Body);
        Assert.Equal(2, zendesk.Requests.Count);
        Assert.All(zendesk.Requests, r => Assert.Equal("/api/v2/tickets.json", r.Path));
        Assert.Single(zendesk.Requests.Select(r => r.IdempotencyKey).Distinct());
        var i = Assert.Single(intercom.Requests);
        Assert.Equal(("/conversations", "Bearer i-token"), (i.Path, i.Authorization));
    }

    [Fact]
    public async Task Ticket_HelpdeskTimesOut_IsRetried()
    {
        await using var zendesk = await FakeHelpdesk.StartAsync();
        zendesk.Respond = n => n == 1 ? (201, TimeSpan.FromSeconds(30)) : (201, null);
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "actions:\n  - type: ticket\n    helpdesks: [zendesk]\n", new()
        {
            ["Integrations:CallTimeout"] = "00:00:02",
            ["Integrations:Zendesk:BaseUrl"] = zendesk.BaseAddress.ToString(), ["Integrations:Zendesk:Email"] = "z@shop.test", ["Integrations:Zendesk:ApiToken"] = "z-token",
        });
        await h.Core.ShopperSaysAsync("t-2", "agent please");
        await h.RelayAsync();
        Assert.Contains(h.Jobs.Pending, j => j.Job.Kind == ActionJob.JobKind);
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2, zendesk.Requests.Count);
        Assert.Equal(1, await h.Core.CountAsync("SELECT COUNT(*) FROM action_runs WHERE step = '0' AND status = 'done'"));
    }
}
