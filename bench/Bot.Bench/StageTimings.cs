using System.Diagnostics;
using Handover.Assistant;
using Handover.Outbox;
using Handover.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Bench;

/// <summary>
/// Server-side time per stage, measured by decorators around the host's own services: the core pipeline (dedupe,
/// AI answer, one transaction), the AI answer alone, and the outbox's channel send (the Direct Line append).
/// </summary>
internal sealed class StageTimings
{
    public Latencies Pipeline { get; } = new();

    public Latencies Answer { get; } = new();

    public Latencies Send { get; } = new();

    public void Reset()
    {
        Pipeline.Reset();
        Answer.Reset();
        Send.Reset();
    }

    public void Decorate(IServiceCollection services)
    {
        Wrap<IInboundPipeline>(services, inner => new TimedPipeline(inner, Pipeline));
        Wrap<IAnswerEngine>(services, inner => new TimedAnswerEngine(inner, Answer));
        Wrap<IChannelSender>(services, inner => inner is IBatchChannelSender batch ? new TimedBatchSender(batch, Send) : new TimedSender(inner, Send));
    }

    private static void Wrap<T>(IServiceCollection services, Func<T, T> decorate)
        where T : class
    {
        for (var i = 0; i < services.Count; i++)
        {
            var original = services[i];
            if (original.ServiceType != typeof(T) || original.IsKeyedService)
                continue;
            services[i] = ServiceDescriptor.Describe(typeof(T), sp => decorate((T)Create(sp, original)), original.Lifetime);
        }
    }

    private static object Create(IServiceProvider sp, ServiceDescriptor d) =>
        d.ImplementationInstance ?? d.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, d.ImplementationType!);

    private sealed class TimedPipeline(IInboundPipeline inner, Latencies latencies) : IInboundPipeline
    {
        public async Task<InboundResult> AcceptAsync(Handover.Messages.InboundMessage message, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await inner.AcceptAsync(message, cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
    }

    private sealed class TimedAnswerEngine(IAnswerEngine inner, Latencies latencies) : IAnswerEngine
    {
        public async ValueTask<Answer> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var answer = await inner.AnswerAsync(request, cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return answer;
        }
    }

    private class TimedSender(IChannelSender inner, Latencies latencies) : IChannelSender
    {
        protected Latencies Latencies => latencies;

        public string Channel => inner.Channel;

        public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await inner.SendAsync(message, cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
    }

    /// <summary>A batch counts once per message, each with the batch's time (what each message waited for).</summary>
    private sealed class TimedBatchSender(IBatchChannelSender inner, Latencies timings) : TimedSender(inner, timings), IBatchChannelSender
    {
        public async Task<IReadOnlyList<SendResult>> SendBatchAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var results = await inner.SendBatchAsync(messages, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            foreach (var _ in messages)
                Latencies.Add(elapsed);
            return results;
        }
    }
}
