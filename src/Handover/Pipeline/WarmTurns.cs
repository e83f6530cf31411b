using Handover.Common;
using Handover.Conversations;
using Handover.Messages;

namespace Handover.Pipeline;

/// <summary>
/// What this node remembers of a conversation the AI drives, after a turn it wrote on PostgreSQL: the conversation as the
/// compare-and-set left it, its last messages and what each AI gate read. The next turn at that address decides on these
/// instead of reading them again, which spares a round trip on the path every message takes. Its statement checks them
/// (<see cref="OneStatementTurn.AssumedInputs"/>), so a memory gone stale (another node's turn, an agent's claim, a
/// pause) costs one lost compare-and-set and a retry from fresh reads, never a turn decided on old facts; the AI was
/// asked in vain then, so this node's own commands forget what they make stale (<see cref="Forget"/>).
/// Turns at one address run one at a time on a node (<see cref="ConversationLocks"/>), so a turn takes its entry out
/// and puts a new one back only when its statement succeeded.
/// </summary>
public sealed class WarmTurns
{
    /// <summary>Addresses remembered; past this the memory starts over (<see cref="BoundedCache{T}"/>).</summary>
    private const int Capacity = 10_000;

    /// <summary>Characters of message text an entry may hold, so that the bounded count also bounds the memory.</summary>
    private const int MaxRememberedText = 8_000;

    private readonly BoundedCache<Entry> _entries = new(Capacity);

    public sealed record Entry(Conversation Conversation, IReadOnlyList<RecentMessage> Recent, long[] GateReads);

    public static string Key(string channel, string address) => $"{channel}\n{address}";

    /// <summary>The entry for <paramref name="key"/>, removed: a turn that fails leaves nothing behind.</summary>
    public Entry? Take(string key) => _entries.TryRemove(key, out var entry) ? entry : null;

    public void Forget(string channel, string address) => _entries.Remove(Key(channel, address));

    internal bool Remembers(string key) => _entries.TryGet(key, out _);

    public void Remember(string key, Entry entry)
    {
        if (entry.Recent.Sum(m => m.Text.Length) <= MaxRememberedText)
            _entries.Set(key, entry);
    }
}

/// <summary>One of a conversation's last messages, as the AI's history needs it.</summary>
public sealed record RecentMessage(long Id, MessageRole Role, string Text, bool Internal)
{
    public static RecentMessage Of(StoredMessage m) => new(m.Id, m.Role, m.Text, m.Internal);

    public static RecentMessage Of(long id, NewMessage m) => new(id, m.Role, m.Text, m.Internal);
}
