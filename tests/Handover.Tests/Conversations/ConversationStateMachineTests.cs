using Handover.Conversations;
using static Handover.Conversations.ConversationStateMachine;

namespace Handover.Tests.Conversations;

/// <summary>Every verb from every kind of state: the legal transitions and the uniform refusals.</summary>
public class ConversationStateMachineTests
{
    private static readonly Actor Alice = Actor.Agent("alice");
    private static readonly Actor Bob = Actor.Agent("bob");
    private static readonly Actor Admin = Actor.Agent("admin", isAdmin: true);

    private static readonly ConversationState OpenAi = ConversationState.New;
    private static readonly ConversationState OpenWaiting = new(ConversationStatus.Open, Controller.Waiting, null);
    private static readonly ConversationState OpenAlice = new(ConversationStatus.Open, Controller.Human, "alice");
    private static readonly ConversationState ResolvedAi = new(ConversationStatus.Resolved, Controller.Ai, null);
    private static readonly ConversationState ResolvedBob = new(ConversationStatus.Resolved, Controller.Human, "bob");

    public static TheoryData<string> AllStates => new() { "OpenAi", "OpenWaiting", "OpenAlice", "ResolvedAi", "ResolvedBob" };

    private static ConversationState S(string name) => name switch
    {
        "OpenAi" => OpenAi,
        "OpenWaiting" => OpenWaiting,
        "OpenAlice" => OpenAlice,
        "ResolvedAi" => ResolvedAi,
        "ResolvedBob" => ResolvedBob,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static TransitionResult.Changed AssertChanged(TransitionResult r, ConversationVerb verb, ConversationState to)
    {
        var changed = Assert.IsType<TransitionResult.Changed>(r);
        Assert.Equal(verb, changed.Verb);
        Assert.Equal(to, changed.To);
        return changed;
    }

    private static void AssertRefused(TransitionResult r, string code, ConversationState current)
    {
        var refused = Assert.IsType<TransitionResult.Refused>(r);
        Assert.Equal(code, refused.Code);
        Assert.Equal(current, refused.Current);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
    }

    [Fact]
    public void ShopperWrites_Open_ChangesNothing()
    {
        foreach (var s in new[] { OpenAi, OpenWaiting, OpenAlice })
            Assert.IsType<TransitionResult.Unchanged>(ShopperWrites(s));
    }

    [Fact]
    public void ShopperWrites_Resolved_ReopensWithWhoeverWasInCharge()
    {
        AssertChanged(ShopperWrites(ResolvedBob), ConversationVerb.Reopened, OpenAlice with { AgentId = "bob" });
        AssertChanged(ShopperWrites(ResolvedAi), ConversationVerb.Reopened, OpenAi);
    }

    [Fact]
    public void HandOverToAgent_AiDriven_AgentOwnsIt() =>
        AssertChanged(HandOverToAgent(OpenAi, Alice), ConversationVerb.HandedOver, OpenAlice);

    [Fact]
    public void HandOverToAgent_Resolved_IsTakeOver() =>
        AssertChanged(HandOverToAgent(ResolvedBob, Alice), ConversationVerb.TakenOver, OpenAlice);

    [Fact]
    public void HandOverToAgent_WaitingOrHuman_Refused()
    {
        AssertRefused(HandOverToAgent(OpenWaiting, Alice), "already_handed_over", OpenWaiting);
        AssertRefused(HandOverToAgent(OpenAlice, Bob), "already_human", OpenAlice);
    }

    [Fact]
    public void HandOverToAgent_ByShopperOrAi_Refused()
    {
        AssertRefused(HandOverToAgent(OpenAi, Actor.Shopper), "not_an_agent", OpenAi);
        AssertRefused(HandOverToAgent(OpenAi, Actor.Ai), "not_an_agent", OpenAi);
    }

    [Fact]
    public void HandOverToQueue_AiDriven_Waits() =>
        AssertChanged(HandOverToQueue(OpenAi), ConversationVerb.HandedOver, OpenWaiting);

    [Theory]
    [InlineData("OpenWaiting", "not_ai")]
    [InlineData("OpenAlice", "not_ai")]
    [InlineData("ResolvedAi", "resolved")]
    [InlineData("ResolvedBob", "resolved")]
    public void HandOverToQueue_NotAiDriven_Refused(string state, string code) => AssertRefused(HandOverToQueue(S(state)), code, S(state));

    [Fact]
    public void Claim_Waiting_AgentOwnsIt() => AssertChanged(Claim(OpenWaiting, Alice), ConversationVerb.Claimed, OpenAlice);

    [Theory]
    [InlineData("OpenAi", "not_waiting")]
    [InlineData("ResolvedAi", "resolved")]
    [InlineData("ResolvedBob", "resolved")]
    public void Claim_NotWaiting_Refused(string state, string code) => AssertRefused(Claim(S(state), Bob), code, S(state));

    [Fact]
    public void Claim_AlreadyClaimed_RefusedNamingTheWinner()
    {
        var refused = Assert.IsType<TransitionResult.Refused>(Claim(OpenAlice, Bob));
        Assert.Equal("already_claimed", refused.Code);
        Assert.Contains("alice", refused.Message, StringComparison.Ordinal);
        AssertRefused(Claim(OpenAlice, Alice), "already_yours", OpenAlice);
    }

    [Fact]
    public void Transfer_ByAgentInChargeOrAdmin_MovesToTarget()
    {
        AssertChanged(Transfer(OpenAlice, Alice, "bob"), ConversationVerb.Transferred, OpenAlice with { AgentId = "bob" });
        AssertChanged(Transfer(OpenAlice, Admin, "bob"), ConversationVerb.Transferred, OpenAlice with { AgentId = "bob" });
    }

    [Fact]
    public void Transfer_Illegal_Refused()
    {
        AssertRefused(Transfer(OpenAlice, Bob, "carol"), "not_in_charge", OpenAlice);
        AssertRefused(Transfer(OpenAlice, Alice, "alice"), "same_agent", OpenAlice);
        AssertRefused(Transfer(OpenAi, Alice, "bob"), "not_human", OpenAi);
        AssertRefused(Transfer(OpenWaiting, Alice, "bob"), "not_human", OpenWaiting);
        AssertRefused(Transfer(ResolvedBob, Admin, "alice"), "resolved", ResolvedBob);
        AssertRefused(Transfer(OpenAlice, Actor.Shopper, "bob"), "not_an_agent", OpenAlice);
    }

    [Fact]
    public void GiveBack_FromHumanOrWaiting_AiDrivesAgain()
    {
        AssertChanged(GiveBack(OpenAlice, Alice), ConversationVerb.GivenBack, OpenAi);
        AssertChanged(GiveBack(OpenAlice, Admin), ConversationVerb.GivenBack, OpenAi);
        AssertChanged(GiveBack(OpenWaiting, Bob), ConversationVerb.GivenBack, OpenAi);
    }

    [Fact]
    public void GiveBack_Illegal_Refused()
    {
        AssertRefused(GiveBack(OpenAlice, Bob), "not_in_charge", OpenAlice);
        AssertRefused(GiveBack(OpenAi, Alice), "already_ai", OpenAi);
        AssertRefused(GiveBack(ResolvedBob, Bob), "resolved", ResolvedBob);
        AssertRefused(GiveBack(OpenAlice, Actor.Ai), "not_an_agent", OpenAlice);
    }

    [Fact]
    public void Resolve_Open_Resolves()
    {
        AssertChanged(Resolve(OpenAi, Bob), ConversationVerb.Resolved, ResolvedAi);
        AssertChanged(Resolve(OpenWaiting, Bob), ConversationVerb.Resolved, OpenWaiting with { Status = ConversationStatus.Resolved });
        AssertChanged(Resolve(OpenAlice, Alice), ConversationVerb.Resolved, OpenAlice with { Status = ConversationStatus.Resolved });
        AssertChanged(Resolve(OpenAlice, Admin), ConversationVerb.Resolved, OpenAlice with { Status = ConversationStatus.Resolved });
    }

    [Fact]
    public void Resolve_Illegal_Refused()
    {
        AssertRefused(Resolve(OpenAlice, Bob), "not_in_charge", OpenAlice);
        AssertRefused(Resolve(ResolvedAi, Bob), "already_resolved", ResolvedAi);
        AssertRefused(Resolve(OpenAi, Actor.Shopper), "not_an_agent", OpenAi);
    }

    [Fact]
    public void CanReply_OnlyTheAgentInChargeOfAnOpenConversation()
    {
        Assert.Null(CanReply(OpenAlice, Alice));
        Assert.Equal("not_in_charge", CanReply(OpenAlice, Bob)!.Code);
        Assert.Equal("not_in_charge", CanReply(OpenAlice, Admin)!.Code);
        Assert.Equal("not_human", CanReply(OpenAi, Alice)!.Code);
        Assert.Equal("not_human", CanReply(OpenWaiting, Alice)!.Code);
        Assert.Equal("resolved", CanReply(ResolvedBob, Actor.Agent("bob"))!.Code);
        Assert.Equal("not_an_agent", CanReply(OpenAlice, Actor.Shopper)!.Code);
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public void EveryVerb_FromEveryState_EitherChangesOrRefusesNamingTheState(string name)
    {
        var s = S(name);
        var results = new[]
        {
            ShopperWrites(s), HandOverToAgent(s, Alice), HandOverToQueue(s), Claim(s, Bob), Transfer(s, Alice, "bob"),
            GiveBack(s, Alice), Resolve(s, Alice),
        };
        foreach (var r in results)
        {
            switch (r)
            {
                case TransitionResult.Changed c:
                    Assert.Equal(s, c.From);
                    // Human always has an agent, the others never do.
                    Assert.Equal(c.To.Controller == Controller.Human, c.To.AgentId is not null);
                    break;
                case TransitionResult.Refused f:
                    Assert.Equal(s, f.Current);
                    break;
                case TransitionResult.Unchanged u:
                    Assert.Equal(s, u.Current);
                    break;
            }
        }
    }
}
