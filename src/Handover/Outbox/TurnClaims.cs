using Handover.Messages;
using Handover.Persistence;

namespace Handover.Outbox;

/// <summary>
/// The outbox rows a transaction claims for itself as it writes them, to send right after its commit
/// (<see cref="AfterCommitDelivery"/>). A row is born claimed (locked until <see cref="LockedUntil"/>, first attempt) only
/// when its destination has nothing pending from before, so it cannot overtake an older message; the rows of one
/// destination written by the same transaction are all claimed or none.
/// </summary>
public sealed class TurnClaims(DateTimeOffset lockedUntil)
{
    private readonly HashSet<(string Channel, string Address)> _destinations = [];
    private readonly List<ClaimedRow> _rows = [];

    public DateTimeOffset LockedUntil { get; } = lockedUntil;

    public IReadOnlyList<ClaimedRow> Rows => _rows;

    /// <summary>Rows queued by this transaction, claimed or not (SQLite's turns count them as they go).</summary>
    public int Queued { get; private set; }

    internal void CountQueued() => Queued++;

    /// <summary>True when this transaction already claimed a row of the destination (so the next one is claimed too).</summary>
    public bool Claimed(string channel, string address) => _destinations.Contains((channel, address));

    public void Add(ClaimedRow row)
    {
        _destinations.Add((row.Channel, row.Address));
        _rows.Add(row);
    }

    /// <summary>This transaction's claimed rows as the outbox's delivery takes them (see <see cref="ToOutbound(IEnumerable{ClaimedRow}, string, IReadOnlyDictionary{long, NewMessage})"/>).</summary>
    public IReadOnlyList<ClaimedOutbound> ToOutbound(string conversationId, IReadOnlyDictionary<long, NewMessage> messages) =>
        ToOutbound(_rows, conversationId, messages);

    /// <summary>Claimed rows as the outbox's delivery takes them, with the messages they carry (<paramref name="messages"/> by id).</summary>
    public static IReadOnlyList<ClaimedOutbound> ToOutbound(IEnumerable<ClaimedRow> rows, string conversationId, IReadOnlyDictionary<long, NewMessage> messages) =>
        rows.Select(r =>
        {
            var m = messages[r.MessageId];
            return new ClaimedOutbound(
                new OutboundMessage(r.OutboxId, r.MessageId, conversationId, r.Channel, r.Address, m.Role, m.Text, m.AgentId, AgentName: null, Clock.FromUnixMs(m.At.ToUnixMs()))
                {
                    Internal = m.Internal,
                    ToShopper = r.ToShopper,
                    AttachmentJson = m.AttachmentJson,
                    Attempt = 1,
                },
                Attempts: 1);
        }).ToList();
}

/// <summary>An outbox row written already claimed.</summary>
public sealed record ClaimedRow(long OutboxId, long MessageId, string Channel, string Address, bool ToShopper);
