using System.Collections.Concurrent;
using Handover.Outbox;

namespace Handover.Tests.Infrastructure;

/// <summary>The channel edge: records what it is asked to send; can be told to fail the next sends.</summary>
public sealed class RecordingSender(string channel = "webchat") : IChannelSender
{
    private readonly ConcurrentQueue<Func<OutboundMessage, SendResult?>> _scripted = new();

    public string Channel => channel;

    public ConcurrentQueue<OutboundMessage> Sent { get; } = new();

    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The next sends answer with these results, in order; after them sends succeed.</summary>
    public void FailNext(params SendResult[] results)
    {
        foreach (var r in results)
            _scripted.Enqueue(_ => r);
    }

    private readonly ConcurrentDictionary<string, ConcurrentQueue<SendResult>> _scriptedByAddress = new();

    /// <summary>The next sends to <paramref name="address"/> answer with these results (other addresses are unaffected).</summary>
    public void FailNextTo(string address, params SendResult[] results)
    {
        var queue = _scriptedByAddress.GetOrAdd(address, _ => new ConcurrentQueue<SendResult>());
        foreach (var r in results)
            queue.Enqueue(r);
    }

    /// <summary>Awaited before each send once set: a send that takes as long as the test says.</summary>
    public Func<OutboundMessage, Task>? Before { get; set; }

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Before is { } before)
            await before(message);
        return Send(message);
    }

    private SendResult Send(OutboundMessage message)
    {
        if (_scriptedByAddress.TryGetValue(message.Address, out var forAddress) && forAddress.TryDequeue(out var result))
            return result;
        if (_scripted.TryDequeue(out var script) && script(message) is { } scripted)
            return scripted;
        Sent.Enqueue(message);
        return SendResult.Sent();
    }

    public IReadOnlyList<string> TextsTo(string address) => Sent.Where(m => m.Address == address).Select(m => m.Text).ToList();
}
