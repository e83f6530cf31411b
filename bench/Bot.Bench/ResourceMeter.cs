using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Bot.Bench;

/// <summary>
/// What the measured window cost: CPU seconds of this process (host and load generator together) and of the PostgreSQL
/// server processes, bytes allocated, GCs, and the database commands Npgsql executed (its
/// <c>db.client.operation.duration</c> histogram has one measurement per command; COMMITs are not commands).
/// </summary>
internal sealed class ResourceMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _npgsqlCommands;
    private readonly int? _postmaster;
    private Snapshot? _start;

    /// <param name="postmaster">The PostgreSQL server's main process, when it runs on this machine; its children are its backends.</param>
    public ResourceMeter(int? postmaster)
    {
        _postmaster = postmaster;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.duration")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _npgsqlCommands));
        _listener.Start();
    }

    public void Start() => _start = Take();

    public Usage Stop(TimeSpan window)
    {
        var end = Take();
        var start = _start ?? throw new InvalidOperationException("Start was not called.");
        return new Usage(
            window,
            (end.ProcessCpu - start.ProcessCpu).TotalSeconds,
            end.PostgresCpu - start.PostgresCpu,
            end.Allocated - start.Allocated,
            end.Gen0 - start.Gen0,
            end.Gen2 - start.Gen2,
            end.NpgsqlCommands - start.NpgsqlCommands,
            ThreadPool.ThreadCount,
            end.MachineBusyCpu - start.MachineBusyCpu);
    }

    public void Dispose() => _listener.Dispose();

    private Snapshot Take()
    {
        using var process = Process.GetCurrentProcess();
        return new Snapshot(process.TotalProcessorTime, PostgresCpuSeconds(_postmaster), GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(2),
            Interlocked.Read(ref _npgsqlCommands), MachineBusyCpuSeconds());
    }

    /// <summary>
    /// utime + stime of the postmaster and its children, from /proc (Linux; 0 elsewhere). Other PostgreSQL servers on
    /// the machine (other test runs) are not counted.
    /// </summary>
    private static double PostgresCpuSeconds(int? postmaster)
    {
        if (postmaster is not { } root || !Directory.Exists("/proc"))
            return 0;
        const double ticksPerSecond = 100; // USER_HZ on Linux
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                var pid = int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture);
                if (pid != root && int.Parse(fields[1], CultureInfo.InvariantCulture) != root)
                    continue;
                // After "pid (comm) ": state, ppid, ...; utime and stime (fields 14 and 15 of stat) are 11 and 12.
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while we read it.
            }
        }
        return ticks / ticksPerSecond;
    }

    /// <summary>
    /// CPU seconds the whole machine spent busy (the first line of /proc/stat, everything but idle and iowait): on a
    /// shared machine, what other processes took shows as busy minus this process minus PostgreSQL.
    /// </summary>
    private static double MachineBusyCpuSeconds()
    {
        if (!File.Exists("/proc/stat"))
            return 0;
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user)
        return (fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]) / 100;
    }

    private sealed record Snapshot(TimeSpan ProcessCpu, double PostgresCpu, long Allocated, int Gen0, int Gen2, long NpgsqlCommands, double MachineBusyCpu);

    internal sealed record Usage(
        TimeSpan Window, double ProcessCpuSeconds, double PostgresCpuSeconds, long AllocatedBytes, int Gen0, int Gen2, long NpgsqlCommands,
        int ThreadPoolThreads, double MachineBusyCpuSeconds)
    {
        public double ProcessCores => ProcessCpuSeconds / Window.TotalSeconds;

        public double PostgresCores => PostgresCpuSeconds / Window.TotalSeconds;

        /// <summary>Cores other processes on the machine used meanwhile; more than a little means the figures are not the host's alone.</summary>
        public double OtherCores => Math.Max(0, MachineBusyCpuSeconds - ProcessCpuSeconds - PostgresCpuSeconds) / Window.TotalSeconds;
    }
}
