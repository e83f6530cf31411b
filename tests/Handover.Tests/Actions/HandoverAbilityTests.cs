using Handover.Conversations;
using Handover.Settings;
using Handover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Handover.Tests.Actions;

/// <summary>L11 and S5: the plan's "Handover to human" and the bot's abilities.handover, combined in one place.</summary>
public class HandoverAbilityTests
{
    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]  // the bot's choice: its triggers never hand over
    [InlineData(false, true, false)]  // the plan's limit: a bot cannot switch on what the plan leaves out
    [InlineData(false, false, false)]
    public async Task ContactRequest_HandsOverOnlyWhereThePlanIncludesItAndTheBotUsesIt(bool planIncludesHandover, bool botHandsOver, bool handedOver)
    {
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, $"abilities:\n  handover: {(botHandsOver ? "true" : "false")}\n",
            new() { ["Workspace:PlanIncludesHandover"] = planIncludesHandover ? "true" : "false" });
        var ability = h.Core.Services.GetRequiredService<HandoverAbility>();

        var id = (await h.Core.ShopperSaysAsync("dl-1", "agent please")).ConversationId;

        Assert.Equal(planIncludesHandover, ability.InPlan);
        Assert.Equal(handedOver, ability.BotHandsOver("demo"));
        Assert.Equal(handedOver ? Controller.Waiting : Controller.Ai, (await h.Core.ConversationAsync(id)).State.Controller);
    }
}
