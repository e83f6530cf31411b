namespace BotHost.Recognizers.Numbers;

internal enum TokenKind : byte
{
    Word,
    Literal,
    Symbol,
}

/// <summary>A word, a number written in digits, or one other character; <see cref="End"/> is exclusive.</summary>
internal readonly record struct NumberToken(TokenKind Kind, int Start, int End, WordInfo Word, NumberLiteral Literal, char Symbol)
{
    public bool Is(WordKind kind) => Kind == TokenKind.Word && Word.Kind == kind;

    public bool IsSymbol(char c) => Kind == TokenKind.Symbol && Symbol == c;
}

internal static class NumberLexer
{
    public static List<NumberToken> Tokenize(string text)
    {
        var tokens = new List<NumberToken>(Math.Min(text.Length / 3 + 4, 1024));
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (DigitScanner.StartsNumber(text, i))
            {
                var end = DigitScanner.Scan(text, i, out var literal);
                tokens.Add(new NumberToken(TokenKind.Literal, i, end, default, literal, '\0'));
                i = end;
            }
            else if (char.IsLetter(c))
            {
                var end = i + 1;
                while (end < text.Length && char.IsLetter(text[end]))
                {
                    end++;
                }

                tokens.Add(new NumberToken(TokenKind.Word, i, end, NumberWords.Find(text.AsSpan(i, end - i)), default, '\0'));
                i = end;
            }
            else
            {
                var width = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                tokens.Add(new NumberToken(TokenKind.Symbol, i, i + width, default, default, c));
                i += width;
            }
        }

        return tokens;
    }
}
