using Handover.Common;

namespace Handover.Outbox;

/// <summary>Wakes the outbox worker when a transaction that queued messages commits.</summary>
public sealed class OutboxSignal : Wakeup;
