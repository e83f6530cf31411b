namespace BotHost.Recognizers.Numbers;

/// <summary>A number phrase found in the text: characters [<see cref="Start"/>, <see cref="End"/>) and tokens [<see cref="FirstToken"/>, <see cref="LastToken"/>].</summary>
internal readonly record struct NumberMatch(int Start, int End, double Value, NumberSubtype Subtype, int FirstToken, int LastToken);
