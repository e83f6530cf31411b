using System.Collections.Concurrent;
using Dapper;
using Handover.Assistant;
using Handover.Conversations;
using Handover.Messages;
using Handover.Pipeline;
using Handover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Handover.Tests.Pipeline;

/// <summary>
/// On PostgreSQL a node remembers the last turn of a conversation the AI drives and decides the next one without
/// reading again (WarmTurns). Whatever changed in between, by another node, an agent, a pause or a message written by
/// another path, the next turn must come out exactly as if it had read everything afresh.
/// </summary>
public class WarmTurnTests
{
    private const string Address = "dl-warm";

    [Fact]
    public async Task Turn_AfterARememberedOne_DecidesWithoutReadingAndSeesTheWholeHistory()
    {
        await using var h = await StartAsync();
        var id = (await h.ShopperSaysAsync(Address, "How long does shipping take?")).ConversationId;
        await h.ShopperSaysAsync(Address, "Do you ship to Canada?");
        Assert.True(Warm(h).Remembers(WarmTurns.Key("webchat", Address)));

        // Each turn is its one statement; decided from fresh reads it would take a second command, the read batch. The
        // history slides past the ten messages it holds after the fourth of these turns.
        for (var i = 0; i < 8; i++)
        {
            var text = $"What payment methods do you accept? ({i})";
            using (var commands = await CommandCounter.StartAsync(h))
            {
                await h.ShopperSaysAsync(Address, text);
                Assert.Equal(1, commands.Count);
            }
            Assert.Equal(await HistoryAsReadAsync(h, id, before: text), Recorder(h).Seen.Last().History.Select(t => (t.Role, t.Text)));
            Assert.True(Warm(h).Remembers(WarmTurns.Key("webchat", Address)));
        }
    }

    [Fact]
    public async Task MessageWrittenByAnotherPath_BetweenTurns_IsInTheNextTurnsHistory()
    {
        await using var h = await StartAsync();
        var id = (await h.ShopperSaysAsync(Address, "How long does shipping take?")).ConversationId;
        await h.ShopperSaysAsync(Address, "Do you ship to Canada?");

        // Written without touching the conversation's version, as an action's message or another node's insert could be.
        await ExecuteAsync(h, "INSERT INTO messages (conversation_id, role, text, channel, created_at) VALUES (@id, 'system', 'Our team is back on Monday.', 'webchat', 0)", new { id });
        await h.ShopperSaysAsync(Address, "What payment methods do you accept?");

        var history = Recorder(h).Seen.Last().History;
        Assert.Contains(("system", "Our team is back on Monday."), history.Select(t => (t.Role, t.Text)));
        Assert.Equal(await HistoryAsReadAsync(h, id, before: "What payment methods do you accept?"), history.Select(t => (t.Role, t.Text)));
    }

    [Fact]
    public async Task Hold_AddedBetweenTurns_KeepsTheAiQuiet_AndItsEndLetsItAnswerAgain()
    {
        await using var h = await StartAsync();
        var id = (await h.ShopperSaysAsync(Address, "How long does shipping take?")).ConversationId;
        await h.ShopperSaysAsync(Address, "Do you ship to Canada?");

        var until = h.Time.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds();
        await ExecuteAsync(h, "INSERT INTO test_holds (conversation_id, until_at) VALUES (@id, @until)", new { id, until });
        await h.ShopperSaysAsync(Address, "Hello?");

        // The memory did not know of the hold (written by another path), so the AI was asked; its answer was not kept.
        Assert.Equal(MessageRole.Shopper, (await h.MessagesAsync(id))[^1].Role);

        h.Time.Advance(TimeSpan.FromMinutes(11));
        await h.ShopperSaysAsync(Address, "What payment methods do you accept?");

        Assert.Equal(MessageRole.Ai, (await h.MessagesAsync(id))[^1].Role);
        Assert.Equal("We accept cards, PayPal and gift cards.", (await h.MessagesAsync(id))[^1].Text);
    }

    [Fact]
    public async Task AgentTakingOver_BetweenTurns_KeepsTheAiQuiet_WithoutAskingIt()
    {
        await using var h = await StartAsync();
        var id = (await h.ShopperSaysAsync(Address, "How long does shipping take?")).ConversationId;
        await h.ShopperSaysAsync(Address, "Do you ship to Canada?");
        var asked = Recorder(h).Seen.Count;

        Assert.IsType<CommandResult.Done>(await h.Commands.HandOverAsync(id, await h.AgentAsync("alice"), CancellationToken.None));
        await h.ShopperSaysAsync(Address, "Thanks, Alice!");

        Assert.Equal(asked, Recorder(h).Seen.Count);
        var c = await h.ConversationAsync(id);
        Assert.Equal((Controller.Human, "alice"), (c.State.Controller, c.State.AgentId));
        Assert.Equal(MessageRole.Shopper, (await h.MessagesAsync(id))[^1].Role);
    }

    [Fact]
    public async Task RememberedTurnsMessage_DeliveredAgain_IsADuplicateAndChangesNothing()
    {
        await using var h = await StartAsync();
        var id = (await h.ShopperSaysAsync(Address, "How long does shipping take?")).ConversationId;
        var first = await h.ShopperSaysAsync(Address, "Do you ship to Canada?", providerId: "p-again");
        var messages = (await h.MessagesAsync(id)).Count;
        var version = (await h.ConversationAsync(id)).Version;

        var again = await h.ShopperSaysAsync(Address, "Do you ship to Canada?", providerId: "p-again");

        Assert.True(again.Duplicate);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Equal(messages, (await h.MessagesAsync(id)).Count);
        Assert.Equal(version, (await h.ConversationAsync(id)).Version);
    }

    [Fact]
    public async Task TwoNodes_TakingTurnsOnOneConversation_AnswerEveryMessageOnceWithTheWholeHistory()
    {
        await using var a = await StartAsync();
        await using var b = a.SecondNode(configure: (s, _) => AddRecorder(s));
        string? id = null;
        for (var i = 0; i < 8; i++)
        {
            var node = i % 3 == 2 ? b : a; // a, a, b: each node sometimes remembers a turn the other has moved past
            var text = $"Question {i}: how long does shipping take?";
            id = (await node.Pipeline.AcceptAsync(
                new InboundMessage("demo", "webchat", Address, $"p-two-{i}", "shopper-" + Address, "Sam", text), CancellationToken.None)).ConversationId;
            Assert.Equal(await HistoryAsReadAsync(a, id, before: text), Recorder(node).Seen.Last().History.Select(t => (t.Role, t.Text)));
        }

        var messages = await a.MessagesAsync(id!);
        Assert.Equal(16, messages.Count);
        Assert.Equal(Enumerable.Range(0, 8).SelectMany(_ => new[] { MessageRole.Shopper, MessageRole.Ai }), messages.Select(m => m.Role));
    }

    private static async Task<CoreHarness> StartAsync()
    {
        var h = await CoreHarness.StartAsync(Store.Postgres, configure: (s, _) =>
        {
            AddRecorder(s);
            s.AddSingleton<IAiGate, HoldTableGate>();
        });
        await ExecuteAsync(h, "CREATE TABLE test_holds (conversation_id TEXT NOT NULL, until_at BIGINT NOT NULL)");
        return h;
    }

    private static void AddRecorder(IServiceCollection s)
    {
        s.AddSingleton(sp => new RecordingAssistant(ActivatorUtilities.CreateInstance<PlainAssistantTurn>(sp)));
        s.AddSingleton<IAssistantTurn>(sp => sp.GetRequiredService<RecordingAssistant>());
    }

    private static WarmTurns Warm(CoreHarness h) => h.Services.GetRequiredService<WarmTurns>();

    private static RecordingAssistant Recorder(CoreHarness h) => h.Services.GetRequiredService<RecordingAssistant>();

    /// <summary>The history a fresh read gives for the turn of <paramref name="before"/>: the ten messages before it, notes left out.</summary>
    private static async Task<IEnumerable<(string, string)>> HistoryAsReadAsync(CoreHarness h, string conversationId, string before)
    {
        var all = await h.MessagesAsync(conversationId);
        var at = all.ToList().FindLastIndex(m => m.Text == before);
        return all.Take(at).TakeLast(10).Where(m => !m.Internal).Select(m => (m.Role.ToWire(), m.Text)).ToList();
    }

    private static async Task ExecuteAsync(CoreHarness h, string sql, object? args = null)
    {
        await using var connection = await h.Database.OpenAsync();
        await connection.ExecuteAsync(sql, args);
    }

    /// <summary>
    /// Counts the commands Npgsql runs against the harness's database: its metrics name the data source, whose name is
    /// the connection string, which names the database (a fresh one per test).
    /// </summary>
    private sealed class CommandCounter : IDisposable
    {
        private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public static async Task<CommandCounter> StartAsync(CoreHarness h)
        {
            string database;
            await using (var connection = await h.Database.OpenAsync())
                database = connection.Database;
            var counter = new CommandCounter();
            counter._listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.duration")
                    listener.EnableMeasurementEvents(instrument);
            };
            counter._listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Value is string value && value.Contains(database, StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref counter._count);
                        return;
                    }
                }
            });
            counter._listener.Start();
            return counter;
        }

        public void Dispose() => _listener.Dispose();
    }

    private sealed class RecordingAssistant(IAssistantTurn inner) : IAssistantTurn
    {
        public ConcurrentQueue<AssistantTurnContext> Seen { get; } = new();

        public Task<AssistantDecision> DecideAsync(AssistantTurnContext context, CancellationToken cancellationToken)
        {
            Seen.Enqueue(context);
            return inner.DecideAsync(context, cancellationToken);
        }
    }

    /// <summary>Keeps the AI quiet while the test's table holds a row for the conversation that has not ended.</summary>
    private sealed class HoldTableGate : IAiGate
    {
        public string ReadSql(string conversationIdSql) =>
            $"SELECT COUNT(*) FROM test_holds WHERE conversation_id = {conversationIdSql} AND until_at > @now";

        public Task<AiHold?> CheckAsync(Conversation conversation, bool isNew, long read, CancellationToken cancellationToken) =>
            Task.FromResult(read > 0 ? new AiHold(null) : null);
    }
}
