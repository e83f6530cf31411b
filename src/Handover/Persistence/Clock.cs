namespace Handover.Persistence;

/// <summary>Times are stored as Unix milliseconds in both dialects.</summary>
internal static class Clock
{
    public static long ToUnixMs(this DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static long NowMs(this TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();
}
