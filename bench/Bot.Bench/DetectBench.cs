using System.Diagnostics;
using BotHost.Cli;

namespace Bot.Bench;

/// <summary>
/// `detect` on one core: utterances per second and the per-utterance latency distribution of what the dialogs read
/// (contact request, yes/no, sentiment, amounts, topics), and how soon after process start `BotHost detect` answers.
/// </summary>
internal static class DetectBench
{
    private static readonly string[] Utterances =
    [
        "How long does standard shipping take?", "can I talk to a real person please", "no need for a human, just tell me your return window",
        "also I need a refund of $349.99 for the boots", "THIS IS THE THIRD TIME I ASK, your service is terrible!!", "yep please", "no thanks",
        "what's your support e-mail?", "quiero hablar con una persona", "do you ship to Canada?", "I want a refund for my $80 jacket",
        "thanks, that's all", "my washing machine is broken, can you repair it?", "where is my order #1042?", "hooman pls",
        "what payment methods do you accept?", "the delivery agent left my parcel at the neighbour", "two hundred bucks for boots? really?",
        "ich möchte mit einem Menschen sprechen", "Can I pay with a gift card and PayPal together?",
    ];

    public static async Task<int> RunAsync(TimeSpan duration)
    {
        Thread.CurrentThread.Priority = ThreadPriority.Highest;
        var detector = new DetectCommand.Detector();
        var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 2;
        var i = 0;
        while (Stopwatch.GetTimestamp() < warmUntil)
            detector.Detect(Utterances[i++ % Utterances.Length]);

        var samples = new List<long>(4_000_000);
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(Stopwatch.Frequency * duration.TotalSeconds);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        while (true)
        {
            var before = Stopwatch.GetTimestamp();
            if (before >= end)
                break;
            detector.Detect(Utterances[i++ % Utterances.Length]);
            samples.Add(Stopwatch.GetTimestamp() - before);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        samples.Sort();
        double Micros(double quantile) => samples[(int)Math.Min(samples.Count - 1, quantile * samples.Count)] * 1e6 / Stopwatch.Frequency;

        Console.WriteLine($"detect, one thread, {elapsed.TotalSeconds:0.0} s: {samples.Count / elapsed.TotalSeconds:N0} utterances/s " +
            $"(process CPU {cpu.TotalSeconds / elapsed.TotalSeconds:0.00} cores)");
        Console.WriteLine($"  latency per utterance: p50 {Micros(0.5):0.0} µs, p99 {Micros(0.99):0.0} µs, p99.9 {Micros(0.999):0.0} µs, max {Micros(1):0.0} µs");

        var ready = await TimeToFirstAnswerAsync();
        Console.WriteLine($"  `BotHost detect` process start to first answer: {string.Join(", ", ready.Select(r => $"{r.TotalMilliseconds:0} ms"))}");
        return 0;
    }

    /// <summary>Starts `dotnet BotHost.dll detect` five times and times process start to the first JSON line.</summary>
    private static async Task<List<TimeSpan>> TimeToFirstAnswerAsync()
    {
        var host = Path.Combine(AppContext.BaseDirectory, "BotHost.dll");
        var times = new List<TimeSpan>();
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(new ProcessStartInfo("dotnet", [host, "detect"])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            await process.StandardInput.WriteLineAsync("can I talk to a human? I need a refund of $349.99");
            var line = await process.StandardOutput.ReadLineAsync();
            times.Add(watch.Elapsed);
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            if (line is null || !line.Contains("\"contactRequest\":true", StringComparison.Ordinal))
                throw new InvalidOperationException($"Unexpected detect output: {line}");
        }
        return times;
    }
}
