using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Channels.DirectLine;

/// <summary>Wire formats shared by the REST poll and the WebSocket stream.</summary>
internal static class DirectLineJson
{
    /// <summary>ISO 8601 in UTC, as Direct Line writes it ("2024-05-01T10:00:00.1230000Z").</summary>
    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary><c>{"activities":[...],"watermark":"N"}</c>: stored activities are written as they are, never re-parsed.</summary>
    public static byte[] ActivitySet(IReadOnlyList<StoredActivity> activities, long watermark)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("activities");
            foreach (var activity in activities)
                writer.WriteRawValue(activity.Json, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteString("watermark", watermark.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A watermark is the seq of the last activity a client has; none (or empty, as DirectLineJS sends at first) is 0.</summary>
    public static bool TryParseWatermark(string? value, out long watermark)
    {
        watermark = 0;
        return string.IsNullOrEmpty(value)
            || (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out watermark) && watermark >= 0);
    }
}
