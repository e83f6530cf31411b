using Handover.Messages;
using Handover.Mirrors;
using Handover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Handover.Tests.Mirrors;

public class MirrorTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task Mirror_GetsEveryMessageIncludingShopperAndNotes_ButNotItsOwnEcho(Store store)
    {
        await using var h = await CoreHarness.StartAsync(store);
        var mirrors = h.Services.GetRequiredService<MirrorStore>();
        var alice = await h.AgentAsync("alice");
        var thread = new Mirror(CoreHarness.MirrorChannel, "thread-1");
        var id = (await h.ShopperSaysAsync("dl-1", "agent please")).ConversationId;
        await mirrors.AddAsync(id, thread);

        await h.Commands.ClaimAsync(id, alice, CancellationToken.None);
        await h.ShopperSaysAsync("dl-1", "my parcel is late");
        await h.Commands.PostAsync(id, alice, "Let me check that for you.", isInternal: false, CancellationToken.None, origin: thread);
        await h.Commands.PostAsync(id, alice, "carrier issue?", isInternal: true, CancellationToken.None);
        await h.DrainAsync();

        var mirrored = h.MirrorSender.Sent.ToList();
        Assert.Contains(mirrored, m => m.Role == MessageRole.System && m.Text.Contains("Alice", StringComparison.Ordinal));
        Assert.Contains(mirrored, m => m.Role == MessageRole.Shopper && m.Text == "my parcel is late");
        Assert.Contains(mirrored, m => m.Internal && m.Text == "carrier issue?");
        Assert.DoesNotContain(mirrored, m => m.Text == "Let me check that for you."); // written there, not echoed back
        Assert.All(mirrored, m => Assert.False(m.ToShopper));
        // The shopper got the reply and never the note.
        Assert.Contains("Let me check that for you.", h.Sender.TextsTo("dl-1"));
        Assert.DoesNotContain("carrier issue?", h.Sender.TextsTo("dl-1"));
    }

    [Fact]
    public async Task Mirror_FailingAgentSurface_DoesNotHoldBackTheShopperOrMoveDeliveryStatus()
    {
        await using var h = await CoreHarness.StartAsync(Store.Sqlite);
        var mirrors = h.Services.GetRequiredService<MirrorStore>();
        var id = (await h.ShopperSaysAsync("dl-1", "shipping?")).ConversationId;
        await mirrors.AddAsync(id, new Mirror(CoreHarness.MirrorChannel, "thread-1"));
        h.MirrorSender.FailNext(Handover.Outbox.SendResult.Permanent("thread deleted"), Handover.Outbox.SendResult.Transient("busy"));

        await h.ShopperSaysAsync("dl-1", "payment?");
        await h.DrainAsync();

        Assert.Equal(2, h.Sender.TextsTo("dl-1").Count);
        Assert.All((await h.MessagesAsync(id)).Where(m => m.Role == MessageRole.Ai), m => Assert.Equal(DeliveryStatus.Sent, m.DeliveryStatus));
    }
}
