using Handover.Actions;
using Handover.Assistant;

namespace BotHost.Dialogs;

internal static class DialogSetup
{
    /// <summary>The bot's dialogs decide every AI turn (replacing the core's plain answer-or-hand-over turn).</summary>
    public static IHostApplicationBuilder AddBotDialogs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Readings>();
        builder.Services.AddSingleton<ScenarioRules>();
        builder.Services.AddSingleton<IAssistantTurn, BotDialogs>();
        builder.Services.AddSingleton<IContactDetailsReader, RecognizedContactDetails>(); // the contact form's answers (P2)
        return builder;
    }
}
