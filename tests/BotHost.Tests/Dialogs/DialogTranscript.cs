using BotHost.Assistant;
using BotHost.Dialogs;
using Handover;
using Handover.Actions;
using Handover.Assistant;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BotHost.Tests.Dialogs;

/// <summary>
/// Transcript-style tests of the bot's dialogs with the demo knowledge base and no database:
/// <c>await t.Send("...").ExpectReply("...").ExpectHandover("contact_request")</c>. The transcript keeps the dialog
/// state and history between turns as the core would.
/// </summary>
public sealed class DialogTranscript
{
    private readonly IAssistantTurn _turn;
    private readonly List<ContextTurn> _history = [];
    private string? _state;

    private DialogTranscript(IAssistantTurn turn) => _turn = turn;

    public AssistantDecision Last { get; private set; } = new([], null);

    public static DialogTranscript Start(Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddHandoverCore(builder.Configuration, "Data Source=:memory:");
        builder.Services.AddHandoverActions(builder.Configuration); // bot files and the plan: whether the bot hands over at all
        builder.AddEmbeddedAssistant();
        builder.AddBotDialogs();
        return new DialogTranscript(builder.Build().Services.GetRequiredService<IAssistantTurn>());
    }

    public Step Send(string text) => new(this, text);

    /// <summary>A human part happened and was given back: the core clears the dialog state (B1).</summary>
    public DialogTranscript HumanSaid(string text)
    {
        _history.Add(new ContextTurn("human", text));
        _state = null;
        return this;
    }

    internal DialogState State => DialogState.Parse(_state) ?? DialogState.Fresh;

    private async Task<AssistantDecision> RunAsync(string text)
    {
        Last = await _turn.DecideAsync(new AssistantTurnContext("demo", "c-1", text, null, _history.ToList(), _state), CancellationToken.None);
        _history.Add(new ContextTurn("shopper", text));
        _history.AddRange(Last.Replies.Select(r => new ContextTurn("ai", r.Text)));
        _state = Last.DialogState;
        return Last;
    }

    /// <summary>One shopper message and the expectations on what the dialogs did with it.</summary>
    public sealed class Step(DialogTranscript transcript, string text)
    {
        private readonly List<Action<AssistantDecision>> _checks = [];

        public Step ExpectReply(string contains)
        {
            _checks.Add(d => Assert.True(d.Replies.Any(r => r.Text.Contains(contains, StringComparison.OrdinalIgnoreCase)),
                $"'{text}': no reply contains '{contains}'; replies: {string.Join(" | ", d.Replies.Select(r => r.Text))}"));
            return this;
        }

        public Step ExpectAnswered()
        {
            _checks.Add(d => Assert.True(d.Replies.Any(r => !r.LackOfInformation), $"'{text}': the AI did not answer"));
            return this;
        }

        public Step ExpectHandover(string trigger)
        {
            _checks.Add(d => Assert.True(d.HandOver?.Trigger == trigger, $"'{text}': expected a {trigger} handover, got {d.HandOver?.Trigger ?? "none"}"));
            return this;
        }

        public Step ExpectNoHandover()
        {
            _checks.Add(d => Assert.True(d.HandOver is null, $"'{text}': unexpected {d.HandOver?.Trigger} handover ({d.HandOver?.Evidence})"));
            return this;
        }

        public Step ExpectEscalation(string trigger)
        {
            _checks.Add(d => Assert.Equal(trigger, d.EscalationSuggested?.Trigger));
            return this;
        }

        public Step ExpectClosed()
        {
            _checks.Add(d => Assert.True(d.Close, $"'{text}': expected the conversation to close"));
            return this;
        }

        internal Step ExpectState(Action<DialogState> check)
        {
            _checks.Add(_ => check(transcript.State));
            return this;
        }

        public System.Runtime.CompilerServices.TaskAwaiter<DialogTranscript> GetAwaiter() => RunAsync().GetAwaiter();

        private async Task<DialogTranscript> RunAsync()
        {
            var decision = await transcript.RunAsync(text);
            foreach (var check in _checks)
                check(decision);
            return transcript;
        }
    }
}
