using Handover.Actions;
using Handover.Conversations;
using Handover.Messages;
using Handover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Handover.Tests.Actions;

public class PickupChainTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task NobodyClaims_ShopperGetsTheContactCard_AndAValidAnswerIsStored(Store store)
    {
        await using var h = await ActionsHarness.StartAsync(store, "pickupTimeout: 120s\n");
        var id = (await h.Core.ShopperSaysAsync("w-1", "I want to speak to an agent")).ConversationId;
        await h.RelayAsync();

        await h.AdvanceAsync(TimeSpan.FromSeconds(119));
        Assert.DoesNotContain(await h.Core.MessagesAsync(id), m => m.Text == PickupJob.DefaultFormText);
        await h.AdvanceAsync(TimeSpan.FromSeconds(2));
        await h.Core.DrainAsync();
        var sent = Assert.Single(h.Core.Sender.Sent, m => m.Text == PickupJob.DefaultFormText);
        Assert.Contains("Input.Text", sent.AttachmentJson);

        await h.Core.Pipeline.AcceptAsync(new InboundMessage("demo", "webchat", "w-1", "submit-1", "shopper-w-1", "Sam", "") { ValueJson = """{"form":"contact","email":"not-an-email","phone":""}""" }, CancellationToken.None);
        Assert.Contains(await h.Core.MessagesAsync(id), m => m.Text.Contains("does not look like an e-mail address"));
        await h.Core.Pipeline.AcceptAsync(new InboundMessage("demo", "webchat", "w-1", "submit-2", "shopper-w-1", "Sam", "") { ValueJson = """{"form":"contact","email":"sam@example.com","phone":"+1 555 123 4567"}""" }, CancellationToken.None);
        await h.Core.Pipeline.AcceptAsync(new InboundMessage("demo", "webchat", "w-1", "submit-2", "shopper-w-1", "Sam", "") { ValueJson = """{"form":"contact","email":"sam@example.com","phone":"+1 555 123 4567"}""" }, CancellationToken.None);

        var contact = Assert.Single(await h.Core.Services.GetRequiredService<ContactStore>().ForConversationAsync(id, CancellationToken.None));
        Assert.Equal(("sam@example.com", "+15551234567"), (contact.Email, contact.Phone)); // as the reader normalizes them
        Assert.Single(await h.Core.MessagesAsync(id), m => m.Text.StartsWith("Thank you! We have your details (sam@example.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClaimedInTime_NoContactForm()
    {
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "pickupTimeout: 60s\n");
        var id = (await h.Core.ShopperSaysAsync("w-2", "agent please")).ConversationId;
        await h.RelayAsync();
        await h.Core.Commands.ClaimAsync(id, await h.Core.AgentAsync("bob"), CancellationToken.None);
        await h.Core.Commands.PostAsync(id, await h.Core.AgentAsync("bob"), "Hi, Bob here", false, CancellationToken.None);
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.DoesNotContain(await h.Core.MessagesAsync(id), m => m.Text == PickupJob.DefaultFormText);
    }

    [Fact]
    public async Task AssignedButSilent_GoesToTheNextAgent_ThenTheForm()
    {
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "pickupTimeout: 60s\nactions:\n  - type: assign\n    agent: alice\n");
        foreach (var a in new[] { "dave", "erin" })
            await h.Core.Agents.SetOnlineAsync(a, false);
        var id = (await h.Core.ShopperSaysAsync("w-3", "agent please")).ConversationId;
        await h.RelayAsync();
        Assert.Equal("alice", (await h.Core.ConversationAsync(id)).State.AgentId);

        await h.AdvanceAsync(TimeSpan.FromSeconds(61));
        Assert.Equal("bob", (await h.Core.ConversationAsync(id)).State.AgentId);
        Assert.Contains(await h.Core.EventsAsync(id), e => e.Verb == ConversationVerb.Transferred && e.Actor == "system");

        await h.Core.Agents.SetOnlineAsync("alice", false);
        await h.AdvanceAsync(TimeSpan.FromSeconds(61));
        Assert.Contains(await h.Core.MessagesAsync(id), m => m.Text == PickupJob.DefaultFormText);
    }
}
