namespace BotHost.Recognizers;

internal static class Runes
{
    /// <summary>The code point at <paramref name="index"/>, U+FFFD for a lone surrogate; never throws on user text.</summary>
    public static int At(string text, int index, out int width)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, text[index + 1]);
        }

        width = 1;
        return char.IsSurrogate(c) ? 0xFFFD : c;
    }
}
