namespace Handover.Settings;

/// <summary>
/// The "Handover to human" ability, and the one place its two switches are combined. They mean different things and
/// have different owners, so both stay:
/// <list type="bullet">
/// <item>the workspace's plan (<see cref="WorkspaceOptions.PlanIncludesHandover"/>, L11): whether conversations may be
/// handed to people at all. A commercial limit, in host configuration, that a shop's admin must not be able to lift
/// from the bot editor.</item>
/// <item>the bot's own setting (<c>abilities.handover</c> in config/bots/&lt;botId&gt;.yaml, S5): whether this bot's
/// triggers hand over. The admin's choice (say, a bot that never hands over by itself); it cannot switch on what the
/// plan leaves out, and agents may still take its conversations over.</item>
/// </list>
/// Everything that asks "may this hand over?" asks here: the API and the inbox (<see cref="InPlan"/>), the dialogs,
/// the trigger detector and the dry run (<see cref="BotHandsOver(string)"/>).
/// </summary>
public sealed class HandoverAbility(Microsoft.Extensions.Options.IOptionsMonitor<WorkspaceOptions> workspace, BotConfigCatalog bots)
{
    /// <summary>The plan includes handover to people: agents may hand over and take over.</summary>
    public bool InPlan => workspace.CurrentValue.PlanIncludesHandover;

    /// <summary>The bot's triggers (contact request, scenarios, failed attempts, the model asking for a person) hand over.</summary>
    public bool BotHandsOver(string botId) => BotHandsOver(bots.For(botId));

    /// <summary>The same for settings that are not published (a draft in the dry run).</summary>
    public bool BotHandsOver(BotConfig bot) => InPlan && bot.Abilities.Handover;
}
