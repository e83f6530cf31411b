using System.Globalization;

namespace Handover.Settings;

/// <summary>Durations as admins write them: "90s", "30m", "24h", "2d" (a whole number and a unit).</summary>
public static class Durations
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Length < 2)
            return false;
        var t = text.Trim();
        if (!long.TryParse(t[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
            return false;
        value = t[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => TimeSpan.Zero,
        };
        return value > TimeSpan.Zero;
    }

    public static TimeSpan Parse(string? text, TimeSpan fallback) => TryParse(text, out var value) ? value : fallback;
}
