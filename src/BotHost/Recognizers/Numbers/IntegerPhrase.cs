namespace BotHost.Recognizers.Numbers;

/// <summary>
/// Reads cardinal numbers from number words and digit groups: "two hundred and two thousand",
/// "4 thousand 3 hundred and 21", "three lakh crore", "three hundred and two dozens". A run is first
/// collected permissively (<see cref="Collect"/>), then <see cref="Evaluate"/> finds its longest valid prefix,
/// so the fraction reader can reinterpret the same run ("one one hundred fifth" = 1/105).
/// </summary>
internal static class IntegerPhrase
{
    private enum Small : byte
    {
        None,
        Unit,
        Teen,
        Tens,
        TensUnit,
        Literal,
        Article,
    }

    private const int MaxRun = 40;

    /// <summary>Token indexes of a maximal run of number words, digit groups and the "and"s between them; hyphens are skipped.</summary>
    public static List<int> Collect(List<NumberToken> tokens, int start)
    {
        var run = new List<int>(8);
        // No number phrase is longer; the cap keeps "one and one and one ..." linear, as every start re-collects.
        for (var j = start; j < tokens.Count && run.Count < MaxRun; j++)
        {
            var token = tokens[j];
            var previous = run.Count > 0 ? tokens[run[^1]] : default;
            if (token.Kind == TokenKind.Literal)
            {
                if (token.Literal.Attached || token.Literal.Form == LiteralForm.Complete ||
                    (run.Count > 0 && (previous.Kind == TokenKind.Literal || token.Literal.Form == LiteralForm.Decimal)))
                {
                    break;
                }

                run.Add(j);
            }
            else if (token.Kind == TokenKind.Word && token.Word.Kind is WordKind.Zero or WordKind.Unit or WordKind.Teen or WordKind.Tens or WordKind.Hundred or WordKind.Scale or WordKind.Dozen)
            {
                run.Add(j);
            }
            else if (token.Is(WordKind.Article) && (run.Count == 0 || previous.Is(WordKind.And)))
            {
                run.Add(j);
            }
            else if (token.Is(WordKind.And) && run.Count > 0 && !previous.Is(WordKind.And) && j + 1 < tokens.Count && StartsAfterAnd(tokens[j + 1]))
            {
                run.Add(j);
            }
            else if (token.IsSymbol('-') && run.Count > 0 && previous.Kind == TokenKind.Word && !previous.Is(WordKind.And) &&
                     j + 1 < tokens.Count && tokens[j + 1].Kind == TokenKind.Word &&
                     tokens[j + 1].Word.Kind is WordKind.Zero or WordKind.Unit or WordKind.Teen or WordKind.Tens or WordKind.Hundred or WordKind.Scale)
            {
                continue;
            }
            else
            {
                break;
            }
        }

        while (run.Count > 0 && tokens[run[^1]].Is(WordKind.And))
        {
            run.RemoveAt(run.Count - 1);
        }

        return run;
    }

    private static bool StartsAfterAnd(NumberToken token) =>
        (token.Kind == TokenKind.Literal && token.Literal.Form == LiteralForm.Integer && !token.Literal.Attached) ||
        (token.Kind == TokenKind.Word && token.Word.Kind is WordKind.Unit or WordKind.Teen or WordKind.Tens or WordKind.Article);

    /// <summary>The whole of run[from..to) as one integer, or null.</summary>
    public static double? Whole(List<NumberToken> tokens, List<int> run, int from, int to)
    {
        var (count, value) = Evaluate(tokens, run, from, to);
        return count == to - from && to > from ? value : null;
    }

    /// <summary>The longest valid prefix of run[from..to): how many elements and their value.</summary>
    public static (int Count, double Value) Evaluate(List<NumberToken> tokens, List<int> run, int from, int to)
    {
        double total = 0, current = 0, small = 0, lastScale = 0;
        var smallKind = Small.None;
        bool hasHundred = false, previousWasScale = false, andInGroup = false;
        (int Count, double Value) commit = (0, 0), beforeAnd = (0, 0);

        for (var index = from; index < to; index++)
        {
            var token = tokens[run[index]];
            var first = index == from;
            var isScale = false;
            if (token.Kind == TokenKind.Literal)
            {
                var v = token.Literal.Value;
                if (first)
                {
                    current = small = v;
                    smallKind = Small.Literal;
                }
                else if (token.Literal.Form == LiteralForm.Integer && smallKind == Small.None && v > 0 &&
                         ((hasHundred && v < 100) || (previousWasScale && v < 1000)))
                {
                    current += v;
                    small = v;
                    smallKind = Small.Literal;
                }
                else
                {
                    return commit;
                }

                if (token.Literal.Form == LiteralForm.Decimal && !(index + 1 < to && tokens[run[index + 1]].Word.Kind is WordKind.Hundred or WordKind.Scale))
                {
                    return commit.Count > 0 ? commit : (1, v);
                }
            }
            else
            {
                var v = token.Word.Value;
                switch (token.Word.Kind)
                {
                    case WordKind.Zero:
                        return first ? (1, 0) : commit;
                    case WordKind.Article:
                        if (!first || !(index + 1 < to && tokens[run[index + 1]].Word.Kind is WordKind.Hundred or WordKind.Scale or WordKind.Dozen))
                        {
                            return commit;
                        }

                        current = small = 1;
                        smallKind = Small.Article;
                        continue;
                    case WordKind.Unit when smallKind == Small.None:
                        current += v;
                        small = v;
                        smallKind = Small.Unit;
                        break;
                    case WordKind.Unit when smallKind == Small.Tens:
                        current += v;
                        small += v;
                        smallKind = Small.TensUnit;
                        break;
                    case WordKind.Teen or WordKind.Tens when smallKind == Small.None:
                        current += v;
                        small = v;
                        smallKind = token.Word.Kind == WordKind.Teen ? Small.Teen : Small.Tens;
                        break;
                    case WordKind.Hundred when smallKind != Small.None && !hasHundred && (small < 100 || smallKind == Small.Literal):
                        current = current - small + (small * 100);
                        small = 0;
                        smallKind = Small.None;
                        hasHundred = true;
                        andInGroup = false;
                        break;
                    case WordKind.Scale when current > 0 && (lastScale == 0 || v < lastScale):
                        total += current * v;
                        current = small = 0;
                        smallKind = Small.None;
                        hasHundred = false;
                        andInGroup = false;
                        lastScale = v;
                        isScale = true;
                        break;
                    case WordKind.Scale when current == 0 && previousWasScale && v > lastScale:
                        // "three lakh crore": consecutive scales multiply.
                        total *= v;
                        lastScale = v;
                        isScale = true;
                        break;
                    case WordKind.Dozen when smallKind != Small.None:
                        current = current - small + (small * 12);
                        return (index - from + 1, total + current);
                    case WordKind.And when (hasHundred || previousWasScale) && index + 1 < to:
                        beforeAnd = commit;
                        andInGroup = true;
                        previousWasScale = false;
                        continue;
                    default:
                        // "3 hundred and 2 hundred" is two numbers: give back the "and".
                        return andInGroup && token.Word.Kind is WordKind.Hundred or WordKind.Scale or WordKind.Dozen ? beforeAnd : commit;
                }
            }

            previousWasScale = isScale;
            commit = (index - from + 1, total + current);
        }

        return commit;
    }
}
