using Handover.Common;

namespace Handover.Pipeline;

/// <summary>One shopper's messages take turns on this node, keyed by channel address (see <see cref="StripedLock"/>).</summary>
public sealed class ConversationLocks : StripedLock;
