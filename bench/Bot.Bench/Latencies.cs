using System.Globalization;

namespace Bot.Bench;

/// <summary>Latency samples in milliseconds, kept whole (a run has tens of thousands) so percentiles are exact.</summary>
internal sealed class Latencies
{
    private readonly object _gate = new();
    private List<double> _samples = new(64 * 1024);

    public int Count
    {
        get
        {
            lock (_gate)
                return _samples.Count;
        }
    }

    public void Add(double milliseconds)
    {
        lock (_gate)
            _samples.Add(milliseconds);
    }

    public void Reset()
    {
        lock (_gate)
            _samples = new List<double>(64 * 1024);
    }

    public Summary Summarize()
    {
        double[] sorted;
        lock (_gate)
            sorted = [.. _samples];
        Array.Sort(sorted);
        return sorted.Length == 0
            ? new Summary(0, 0, 0, 0, 0, 0, 0)
            : new Summary(sorted.Length, sorted.Average(), At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99), At(sorted, 0.999), sorted[^1]);
    }

    // Nearest rank: the smallest sample with at least p of all samples at or below it.
    private static double At(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    internal sealed record Summary(int Count, double Mean, double P50, double P95, double P99, double P999, double Max)
    {
        public string Format() => Count == 0
            ? "no samples"
            : string.Create(CultureInfo.InvariantCulture,
                $"p50 {P50,7:0.0}  p95 {P95,7:0.0}  p99 {P99,7:0.0}  p99.9 {P999,7:0.0}  max {Max,7:0.0}  mean {Mean,6:0.0} ms  (n={Count})");
    }
}
