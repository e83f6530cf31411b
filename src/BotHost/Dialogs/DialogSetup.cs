using Handover.Actions;
using Handover.Assistant;
using Handover.Triggers;

namespace BotHost.Dialogs;

internal static class DialogSetup
{
    /// <summary>
    /// The bot's dialogs decide every AI turn (replacing the core's plain answer-or-hand-over turn); their scenario rules
    /// are the only evaluator of T5, and the recognizers read the contact form's answers.
    /// </summary>
    public static IHostApplicationBuilder AddBotDialogs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Readings>();
        builder.Services.AddSingleton<ContactRequestDetector>();
        builder.Services.AddSingleton<ScenarioRules>();
        builder.Services.AddSingleton<IScenarioMatcher>(sp => sp.GetRequiredService<ScenarioRules>());
        builder.Services.AddSingleton<IAssistantTurn, BotDialogs>();
        builder.Services.AddSingleton<IContactDetailsReader, RecognizedContactDetails>(); // the contact form's answers (P2)
        return builder;
    }
}
