using Handover.Actions;
using Handover.Messages;
using Handover.Pipeline;
using Handover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Handover.Tests.Actions;

/// <summary>P2 on SMS and WhatsApp: the contact form asked in turn, its state persisted, the contact stored once.</summary>
public class TextContactFormTests
{
    private const string Phone = "+15550001111";

    private static int _sequence;

    private static Task<InboundResult> SmsAsync(ActionsHarness h, string text) =>
        h.Core.Pipeline.AcceptAsync(new InboundMessage("demo", "sms", Phone, $"SM{Interlocked.Increment(ref _sequence)}", Phone, null, text), CancellationToken.None);

    private static async Task<string> HandedOverAndTimedOutAsync(ActionsHarness h)
    {
        var id = (await SmsAsync(h, "I want to speak to an agent")).ConversationId;
        await h.RelayAsync();
        await h.AdvanceAsync(TimeSpan.FromSeconds(121));
        return id;
    }

    private static async Task<List<string>> ToShopperAsync(ActionsHarness h, string id) =>
        (await h.Core.MessagesAsync(id)).Where(m => m.Role == MessageRole.System && !m.Internal).Select(m => m.Text).ToList();

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task NobodyClaims_OnSms_AsksInTurn_AndStoresTheContact(Store store)
    {
        await using var h = await ActionsHarness.StartAsync(store, "pickupTimeout: 120s\n");
        var id = await HandedOverAndTimedOutAsync(h);
        Assert.EndsWith(TextContactForm.NameQuestion, (await ToShopperAsync(h, id))[^1], StringComparison.Ordinal);
        Assert.Equal(0, await h.Core.CountAsync("SELECT COUNT(*) FROM messages WHERE attachment_json IS NOT NULL")); // no card on SMS

        await SmsAsync(h, "Jane Doe");
        Assert.Equal($"Thanks, Jane Doe. {TextContactForm.EmailQuestion}", (await ToShopperAsync(h, id))[^1]);
        await SmsAsync(h, "jane at nowhere");
        Assert.Equal(TextContactForm.EmailHint, (await ToShopperAsync(h, id))[^1]);
        await SmsAsync(h, "it's jane.doe@example.com");
        Assert.Equal(TextContactForm.PhoneQuestion, (await ToShopperAsync(h, id))[^1]);
        await SmsAsync(h, "skip");

        var contact = Assert.Single(await h.Core.Services.GetRequiredService<ContactStore>().ForConversationAsync(id, CancellationToken.None));
        Assert.Equal(("Jane Doe", "jane.doe@example.com", (string?)null), (contact.Name, contact.Email, contact.Phone));
        Assert.StartsWith("Thank you! We have your details (Jane Doe, jane.doe@example.com)", (await ToShopperAsync(h, id))[^1], StringComparison.Ordinal);
        Assert.Contains(await h.Core.MessagesAsync(id), m => m.Internal && m.Text.StartsWith("Contact left by the shopper: Jane Doe, jane.doe@example.com", StringComparison.Ordinal));

        // The form is over: later messages are the shopper's, for the agents, and not read again.
        var before = (await h.Core.MessagesAsync(id)).Count;
        await SmsAsync(h, "+1 415 555 0100");
        Assert.Equal(before + 1, (await h.Core.MessagesAsync(id)).Count);
    }

    [Fact]
    public async Task TwoBadEmails_MovesOnToThePhone_WhichIsThenAsked()
    {
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "pickupTimeout: 120s\n");
        var id = await HandedOverAndTimedOutAsync(h);
        await SmsAsync(h, "skip");
        await SmsAsync(h, "nope@");
        await SmsAsync(h, "still no address");
        Assert.Equal($"{TextContactForm.EmailGivenUp} {TextContactForm.PhoneNeededQuestion}", (await ToShopperAsync(h, id))[^1]);
        await SmsAsync(h, "(415) 555-0100");
        var contact = Assert.Single(await h.Core.Services.GetRequiredService<ContactStore>().ForConversationAsync(id, CancellationToken.None));
        Assert.Equal(((string?)null, (string?)null, "4155550100"), (contact.Name, contact.Email, contact.Phone));
    }

    [Fact]
    public async Task NeitherEmailNorPhone_NothingStored_ShopperToldHonestly()
    {
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "pickupTimeout: 120s\n");
        var id = await HandedOverAndTimedOutAsync(h);
        foreach (var answer in new[] { "Sam", "skip", "skip" })
            await SmsAsync(h, answer);
        Assert.Empty(await h.Core.Services.GetRequiredService<ContactStore>().ForConversationAsync(id, CancellationToken.None));
        Assert.Equal(TextContactForm.NothingLeftText, (await ToShopperAsync(h, id))[^1]);
    }

    [Fact]
    public async Task AgentClaimsDuringTheForm_TheFormEnds_AndTheNextMessageIsForTheAgent()
    {
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "pickupTimeout: 120s\n");
        var id = await HandedOverAndTimedOutAsync(h);
        await SmsAsync(h, "Jane");
        await h.Core.Commands.ClaimAsync(id, await h.Core.AgentAsync("bob"), CancellationToken.None);

        var asked = (await ToShopperAsync(h, id)).Count(t => t.Contains(TextContactForm.EmailQuestion, StringComparison.Ordinal));
        await SmsAsync(h, "jane@example.com");
        Assert.Equal(asked, (await ToShopperAsync(h, id)).Count(t => t.Contains(TextContactForm.EmailQuestion, StringComparison.Ordinal)));
        Assert.DoesNotContain(await ToShopperAsync(h, id), t => t == TextContactForm.PhoneQuestion);
        Assert.Empty(await h.Core.Services.GetRequiredService<ContactStore>().ForConversationAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task AnswersStoredBeforeTheyWereRead_AreReadOnceEach_InOrder()
    {
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "pickupTimeout: 120s\n");
        var id = await HandedOverAndTimedOutAsync(h);
        // Two answers stored before either was read, as when two webhooks land together: reading up to the later one reads both.
        var bare = ActivatorUtilities.CreateInstance<InboundPipeline>(h.Core.Services);
        var first = await bare.AcceptAsync(new InboundMessage("demo", "sms", Phone, "late-1", Phone, null, "Jane"), CancellationToken.None);
        var second = await bare.AcceptAsync(new InboundMessage("demo", "sms", Phone, "late-2", Phone, null, "jane@example.com"), CancellationToken.None);
        var forms = h.Core.Services.GetRequiredService<TextContactForms>();

        await forms.AnswerAsync(id, second.MessageId, CancellationToken.None);
        await forms.AnswerAsync(id, first.MessageId, CancellationToken.None);
        await forms.AnswerAsync(id, second.MessageId, CancellationToken.None);

        Assert.Equal([$"Thanks, Jane. {TextContactForm.EmailQuestion}", TextContactForm.PhoneQuestion], (await ToShopperAsync(h, id))[^2..]);
    }
}
