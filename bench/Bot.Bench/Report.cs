using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Bot.Bench;

/// <summary>The run's figures: a readable summary on the console and a markdown fragment for docs/benchmarks.md.</summary>
internal sealed record Report(
    BenchOptions Options,
    string Database,
    LoadResult Load,
    Latencies.Summary Post,
    Latencies.Summary EndToEnd,
    Latencies.Summary Pipeline,
    Latencies.Summary Answer,
    Latencies.Summary Send,
    ResourceMeter.Usage Usage,
    IReadOnlyList<Verification.Check> Checks)
{
    public bool Correct => Checks.All(c => c.Passed);

    private double Answered => Load.RepliesPerSecond * Options.Duration.TotalSeconds;

    public string Verdict => Options.Mode == LoadMode.Throughput
        ? Inv($"target >= 1000 msg/s answered: {(Load.RepliesPerSecond >= 1000 ? "met" : "MISSED")} ({Load.RepliesPerSecond:0} msg/s)")
        : Inv($"target p99 <= 50 ms end to end at {Options.Rate:0} msg/s: {(EndToEnd.P99 <= 50 && Load.RepliesPerSecond >= Options.Rate * 0.98 ? "met" : "MISSED")} (p99 {EndToEnd.P99:0.0} ms, {Load.RepliesPerSecond:0} msg/s answered)");

    public string Console()
    {
        var s = new StringBuilder();
        s.AppendLine(Inv($"== {Options.Describe()}"));
        s.AppendLine(Inv($"   {Database}"));
        s.AppendLine(Inv($"   {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}"));
        s.AppendLine(Inv($"throughput      {Load.AcceptedPerSecond,8:0.0} msg/s accepted (POST 200)   {Load.RepliesPerSecond,8:0.0} msg/s answered (AI reply on the WebSocket)"));
        s.AppendLine(Inv($"POST latency    {Post.Format()}"));
        s.AppendLine(Inv($"end to end      {EndToEnd.Format()}"));
        s.AppendLine(Inv($"  core pipeline {Pipeline.Format()}"));
        s.AppendLine(Inv($"  AI answer     {Answer.Format()}"));
        s.AppendLine(Inv($"  outbox send   {Send.Format()}"));
        s.AppendLine(Inv($"CPU             bench process (host + load) {Usage.ProcessCores:0.00} cores, PostgreSQL {Usage.PostgresCores:0.00} cores, other processes {Usage.OtherCores:0.00} cores; {CpuMsPerMessage():0.00} CPU ms per answered message"));
        if (Usage.OtherCores > 0.2)
            s.AppendLine(Inv($"WARNING         other processes took {Usage.OtherCores:0.00} of {Environment.ProcessorCount} cores during the window: these figures understate the host"));
        s.AppendLine(Inv($"per message     {PerMessage(Usage.AllocatedBytes) / 1024:0.0} KB allocated{(Usage.NpgsqlCommands > 0 ? Inv($", {PerMessage(Usage.NpgsqlCommands):0.0} Npgsql commands (+ commits)") : "")}; {Usage.Gen0} gen0 / {Usage.Gen2} gen2 GCs; {Usage.ThreadPoolThreads} pool threads"));
        s.AppendLine(Inv($"load            {Load.Posted} posted, {Load.Failed} failed, {Load.BusyPicks} sent to a shopper still waiting for an answer; drain {Load.DrainTime.TotalSeconds:0.0} s, {Load.StillOutstanding} unanswered"));
        foreach (var error in Load.Errors)
            s.AppendLine($"  error: {error}");
        foreach (var check in Checks)
            s.AppendLine($"{(check.Passed ? "ok  " : "FAIL")}  {check.Name} ({check.Detail})");
        s.AppendLine(Verdict);
        return s.ToString();
    }

    public string Markdown()
    {
        var s = new StringBuilder();
        s.AppendLine(Inv($"#### {Options.Describe()} — {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        s.AppendLine();
        s.AppendLine(Inv($"{Database}; {Environment.ProcessorCount} cores, .NET {Environment.Version}."));
        s.AppendLine();
        s.AppendLine("| measure | value |");
        s.AppendLine("|---|---|");
        s.AppendLine(Inv($"| accepted (POST 200) | {Load.AcceptedPerSecond:0} msg/s |"));
        s.AppendLine(Inv($"| answered (AI reply on the WebSocket) | {Load.RepliesPerSecond:0} msg/s |"));
        s.AppendLine(Inv($"| POST latency p50 / p95 / p99 / max | {Row(Post)} |"));
        s.AppendLine(Inv($"| end-to-end latency p50 / p95 / p99 / max | {Row(EndToEnd)} |"));
        s.AppendLine(Inv($"| core pipeline p50 / p95 / p99 / max | {Row(Pipeline)} |"));
        s.AppendLine(Inv($"| AI answer p50 / p95 / p99 / max | {Row(Answer)} |"));
        s.AppendLine(Inv($"| outbox send (Direct Line append) p50 / p95 / p99 / max | {Row(Send)} |"));
        s.AppendLine(Inv($"| CPU: bench process / PostgreSQL / other processes | {Usage.ProcessCores:0.00} / {Usage.PostgresCores:0.00} / {Usage.OtherCores:0.00} cores ({CpuMsPerMessage():0.00} CPU ms per message) |"));
        if (Usage.NpgsqlCommands > 0)
            s.AppendLine(Inv($"| Npgsql commands per message (+ commits) | {PerMessage(Usage.NpgsqlCommands):0.0} |"));
        s.AppendLine(Inv($"| allocated per message | {PerMessage(Usage.AllocatedBytes) / 1024:0.0} KB |"));
        s.AppendLine(Inv($"| posted / failed / to a busy shopper | {Load.Posted} / {Load.Failed} / {Load.BusyPicks} |"));
        s.AppendLine(Inv($"| correctness ({Checks.Count} checks) | {(Correct ? "all passed" : "FAILED: " + string.Join("; ", Checks.Where(c => !c.Passed).Select(c => $"{c.Name} ({c.Detail})")))} |"));
        s.AppendLine();
        s.AppendLine(Verdict);
        return s.ToString();
    }

    private double PerMessage(double total) => Answered > 0 ? total / Answered : 0;

    private double CpuMsPerMessage() => PerMessage((Usage.ProcessCpuSeconds + Usage.PostgresCpuSeconds) * 1000);

    private static string Row(Latencies.Summary l) => Inv($"{l.P50:0.0} / {l.P95:0.0} / {l.P99:0.0} / {l.Max:0.0} ms");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
