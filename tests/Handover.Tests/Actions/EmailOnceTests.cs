using Dapper;
using Handover.Actions;
using Handover.Conversations;
using Handover.Events;
using Handover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Testing;

namespace Handover.Tests.Actions;

/// <summary>
/// Handover e-mails (A6, escalation) after failures and crashes: every attempt is the same message (one Message-ID),
/// and a send recorded as done is never repeated. The SMTP server is the local fake; crashes are what they leave behind.
/// </summary>
public class EmailOnceTests
{
    private const string EmailYaml = "actions:\n  - type: email\n    to: [ops@example.com, lead@example.com]\n";

    private static Dictionary<string, string?> Smtp(FakeSmtpServer smtp) => new()
    {
        ["Integrations:Smtp:Host"] = "127.0.0.1",
        ["Integrations:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Integrations:Smtp:From"] = "bot@shop.example",
        ["Integrations:EscalationRecipients:0"] = "admin@shop.example",
    };

    private static List<string?> MessageIds(FakeSmtpServer smtp) => smtp.Received.Select(m => FakeSmtpServer.Header(m.Data, "Message-ID")).ToList();

    private static async Task ExecuteAsync(ActionsHarness h, string sql)
    {
        await using var connection = await h.Core.Database.OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    /// <summary>Runs the handover's email step again, as the relay does when it delivers the event again after a crash.</summary>
    private static async Task RunTheStepAgainAsync(ActionsHarness h, string conversationId)
    {
        var eventId = await h.Core.CountAsync("SELECT event_id FROM action_runs WHERE conversation_id = @conversationId", new { conversationId });
        await h.Core.Services.GetRequiredService<ActionRunner>().RunFirstAsync(eventId, 0, conversationId, CancellationToken.None);
    }

    [Fact]
    public async Task Email_ReplyToDataLost_TheRetrySendsTheSameMessageIdAndDate()
    {
        await using var smtp = new FakeSmtpServer();
        smtp.LoseDataReplies(1);
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, EmailYaml, Smtp(smtp));
        var id = (await h.Core.ShopperSaysAsync("m-1", "agent please")).ConversationId;
        await h.RelayAsync();
        Assert.Single(smtp.Received);
        Assert.Contains(h.Jobs.Pending, j => j.Job.Kind == ActionJob.JobKind);

        await h.AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, smtp.Received.Count);
        var messageId = Assert.Single(MessageIds(smtp).Distinct());
        Assert.Matches(@"^<[0-9a-f]{32}\.handover@shop\.example>$", messageId);
        Assert.Single(smtp.Received.Select(m => FakeSmtpServer.Header(m.Data, "Date")).Distinct());
        Assert.Equal(1, await h.Core.CountAsync("SELECT COUNT(*) FROM email_sends WHERE status = 'sent' AND attempts = 2 AND conversation_id = @id", new { id }));
        Assert.Equal(1, await h.Core.CountAsync("SELECT COUNT(*) FROM action_runs WHERE status = 'done'"));
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Email_RecordedAsSent_IsNotSentAgainWhenTheStepRunsAgain(Store store)
    {
        await using var smtp = new FakeSmtpServer();
        await using var h = await ActionsHarness.StartAsync(store, EmailYaml, Smtp(smtp));
        var id = (await h.Core.ShopperSaysAsync("m-1", "agent please")).ConversationId;
        await h.RelayAsync();
        Assert.Single(smtp.Received);

        // A crash after the e-mail was recorded as sent and before the step was: the step runs again.
        await ExecuteAsync(h, "UPDATE action_runs SET status = 'running'");
        await RunTheStepAgainAsync(h, id);

        Assert.Single(smtp.Received);
        Assert.Equal(1, await h.Core.CountAsync("SELECT COUNT(*) FROM action_runs WHERE status = 'done'"));
    }

    [Fact]
    public async Task Email_CrashAfterTheServerTookItBeforeItWasRecorded_SentAgainAsTheSameMessage()
    {
        await using var smtp = new FakeSmtpServer();
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, EmailYaml, Smtp(smtp));
        var id = (await h.Core.ShopperSaysAsync("m-1", "agent please")).ConversationId;
        await h.RelayAsync();

        // At least once: the only way to a second copy, and it carries the first one's Message-ID for receivers to drop.
        await ExecuteAsync(h, "UPDATE email_sends SET status = 'sending', sent_at = NULL");
        await ExecuteAsync(h, "UPDATE action_runs SET status = 'running'");
        await RunTheStepAgainAsync(h, id);

        Assert.Equal(2, smtp.Received.Count);
        Assert.Single(MessageIds(smtp).Distinct());
        Assert.Equal(1, await h.Core.CountAsync("SELECT COUNT(*) FROM email_sends WHERE status = 'sent'"));
    }

    [Fact]
    public async Task EscalationEmail_SameEventTwice_OneEmail_AndALostReplyIsRetriedAsTheSameMessage()
    {
        await using var smtp = new FakeSmtpServer();
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "mode: SemiAutomate\n", Smtp(smtp));
        var id = (await h.Core.ShopperSaysAsync("m-1", "hello")).ConversationId;
        var handler = h.Core.Services.GetServices<IConversationEventHandler>().Single(x => x.Name == "escalation-email");
        var suggested = new ConversationEvent(id, ConversationVerb.EscalationSuggested, "ai", "Open/Ai", "Open/Ai",
            new HandoverReason(HandoverTriggers.ContactRequest, null, "a person please", 0.9), null, h.Core.Time.GetUtcNow()) { Id = 7 };

        smtp.LoseDataReplies(1);
        await Assert.ThrowsAsync<IOException>(() => handler.HandleAsync(suggested, CancellationToken.None)); // the relay retries the event
        await handler.HandleAsync(suggested, CancellationToken.None);
        await handler.HandleAsync(suggested, CancellationToken.None); // delivered once more (at least once): nothing sent

        Assert.Equal(2, smtp.Received.Count);
        Assert.Single(MessageIds(smtp).Distinct());
        Assert.All(smtp.Received, m => Assert.Equal(["admin@shop.example"], m.To));

        // Another escalation of the same conversation is another e-mail.
        await handler.HandleAsync(suggested with { Id = 8 }, CancellationToken.None);
        Assert.Equal(2, MessageIds(smtp).Distinct().Count());
    }

    [Fact]
    public void RecipientSet_SamePeopleInAnyOrderOrCase_IsTheSameEmail()
    {
        Assert.Equal(MailDelivery.RecipientSetHash(["ops@example.com", "lead@example.com"]), MailDelivery.RecipientSetHash(["Lead@Example.com ", "ops@example.com"]));
        Assert.NotEqual(MailDelivery.RecipientSetHash(["ops@example.com"]), MailDelivery.RecipientSetHash(["ops@example.com", "lead@example.com"]));
    }
}
