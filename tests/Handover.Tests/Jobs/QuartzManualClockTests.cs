using Handover.Actions;
using Handover.Tests.Actions;
using Handover.Tests.Infrastructure;

namespace Handover.Tests.Jobs;

/// <summary>
/// The pickup timer on the real Quartz scheduler with its persistent store, on the host's manual clock: Quartz computes
/// due times from that clock and its scheduler loop waits on timers of that clock (Quartz 4.7, UseTimeProvider), so moving
/// the clock past the pickup timeout fires the job, and moving it short of the timeout does not.
/// </summary>
public class QuartzManualClockTests
{
    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task PickupTimer_OnQuartz_FiresWhenTheManualClockPassesTheTimeout_NotBefore(Store store)
    {
        await using var h = await ActionsHarness.StartAsync(store, "pickupTimeout: 120s\n", quartz: true);
        Assert.Same(h.Core.Time, h.Quartz.TimeProvider);
        var handedOverAt = h.Core.Time.GetUtcNow();
        var id = (await h.Core.ShopperSaysAsync("quartz-1", "I want to speak to an agent")).ConversationId;
        await h.RelayAsync();

        var (dueAt, _) = await PickupTriggerAsync(h);
        Assert.Equal(handedOverAt + TimeSpan.FromSeconds(120), dueAt);

        // One second short: the scheduler loop wakes on the clock, takes the trigger and waits for its time.
        await h.AdvanceAsync(TimeSpan.FromSeconds(119));
        await Until(async () => (await PickupTriggerAsync(h)).State == "ACQUIRED", "Quartz did not take the pickup trigger after the clock moved");
        Assert.DoesNotContain(await h.Core.MessagesAsync(id), m => m.Text == PickupJob.DefaultFormText);

        await h.AdvanceAsync(TimeSpan.FromSeconds(2));
        await Until(async () => (await h.Core.MessagesAsync(id)).Any(m => m.Text == PickupJob.DefaultFormText), "the contact form was not sent");
        Assert.Equal(1, await h.Core.CountAsync("SELECT COUNT(*) FROM messages WHERE conversation_id = @id AND attachment_json IS NOT NULL", new { id }));
    }

    /// <summary>The pickup trigger's due time (Quartz keeps UTC ticks) and state in Quartz's own table.</summary>
    private static async Task<(DateTimeOffset DueAt, string State)> PickupTriggerAsync(ActionsHarness h)
    {
        await using var connection = await h.Core.Database.OpenAsync();
        var row = await Dapper.SqlMapper.QuerySingleAsync<(long Ticks, string State)>(connection,
            $"SELECT next_fire_time, trigger_state FROM qrtz_triggers WHERE job_group = '{PickupJob.JobKind}'");
        return (new DateTimeOffset(row.Ticks, TimeSpan.Zero), row.State);
    }

    /// <summary>Waits (real time, bounded) for Quartz's own threads to act on the clock the test moved.</summary>
    private static async Task Until(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }
}
