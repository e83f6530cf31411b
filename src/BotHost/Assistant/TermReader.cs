namespace BotHost.Assistant;

/// <summary>
/// Turns text into the terms the index and the questions share: lower-cased words without punctuation, stop words
/// dropped, stemmed, synonyms and two-word phrases folded. The same reader serves index building and every
/// question, so both sides always agree; it works on caller-provided stack memory and never allocates.
/// </summary>
/// <remarks>
/// Words with a digit are skipped: order numbers, prices and dates say nothing about the topic ("where is my order
/// #1042" is about tracking whatever the number). Hyphens and apostrophes inside a word join it ("e-mail" ->
/// "email", "don't" -> "dont"), and a possessive "'s" is dropped.
/// </remarks>
internal ref struct TermReader
{
    /// <summary>Longer words are cut to this length; nothing that long is in a knowledge base anyway.</summary>
    public const int MaxWordLength = 32;

    /// <summary>Characters of scratch memory a reader needs: the current word, the next one, and a phrase of both.</summary>
    public const int ScratchLength = MaxWordLength * 4 + 1;

    private readonly ReadOnlySpan<char> _text;
    private Span<char> _current;
    private Span<char> _next;
    private readonly Span<char> _phrase;
    private int _position;
    private int _currentLength;
    private int _nextLength;
    private bool _currentIsStop;
    private bool _nextIsStop;
    private bool _hasCurrent;
    private bool _hasNext;

    public TermReader(ReadOnlySpan<char> text, Span<char> scratch)
    {
        if (scratch.Length < ScratchLength)
            throw new ArgumentException($"The scratch buffer must hold at least {ScratchLength} characters.", nameof(scratch));
        _text = text;
        _current = scratch[..MaxWordLength];
        _next = scratch.Slice(MaxWordLength, MaxWordLength);
        _phrase = scratch.Slice(MaxWordLength * 2, MaxWordLength * 2 + 1);
    }

    /// <summary>Reads the next term. The span stays valid only until the next call.</summary>
    public bool TryRead(out ReadOnlySpan<char> term)
    {
        while (true)
        {
            if (!_hasCurrent)
            {
                _hasCurrent = ReadWord(_current, out _currentLength, out _currentIsStop);
                if (!_hasCurrent)
                {
                    term = default;
                    return false;
                }
            }
            if (!_hasNext)
                _hasNext = ReadWord(_next, out _nextLength, out _nextIsStop);

            if (_hasNext && TryFoldPhrase(out var phraseTerm))
            {
                _hasCurrent = false;
                _hasNext = false;
                term = phraseTerm;
                return true;
            }

            // The current word is done with; the next becomes current and its buffer is free for the word after.
            var word = _current[.._currentLength];
            var isStop = _currentIsStop;
            var free = _current;
            _current = _next;
            _next = free;
            _currentLength = _nextLength;
            _currentIsStop = _nextIsStop;
            _hasCurrent = _hasNext;
            _hasNext = false;

            if (isStop)
                continue;
            term = Synonyms.Fold(word);
            return true;
        }
    }

    private readonly bool TryFoldPhrase(out ReadOnlySpan<char> term)
    {
        _current[.._currentLength].CopyTo(_phrase);
        _phrase[_currentLength] = ' ';
        _next[.._nextLength].CopyTo(_phrase[(_currentLength + 1)..]);
        if (Synonyms.TryFoldPhrase(_phrase[..(_currentLength + 1 + _nextLength)], out var canonical))
        {
            term = canonical;
            return true;
        }
        term = default;
        return false;
    }

    /// <summary>Reads the next word without digits into <paramref name="buffer"/>, lower-cased and stemmed.</summary>
    private bool ReadWord(Span<char> buffer, out int length, out bool isStop)
    {
        while (true)
        {
            while (_position < _text.Length && !char.IsLetterOrDigit(_text[_position]))
                _position++;
            if (_position >= _text.Length)
            {
                length = 0;
                isStop = false;
                return false;
            }

            var n = 0;
            var hasDigit = false;
            while (_position < _text.Length)
            {
                var c = _text[_position];
                if (char.IsLetterOrDigit(c))
                {
                    hasDigit |= char.IsDigit(c);
                    if (n < buffer.Length)
                        buffer[n++] = char.ToLowerInvariant(c);
                    _position++;
                    continue;
                }
                if (!IsJoiner(c) || _position + 1 >= _text.Length || !char.IsLetter(_text[_position + 1]) || n == 0)
                    break;
                if (c != '-' && IsPossessiveS(_position + 1))
                {
                    _position += 2;
                    break;
                }
                _position++;
            }
            if (hasDigit)
                continue;

            isStop = StopWords.Contains(buffer[..n]);
            length = Stemmer.Stem(buffer, n);
            return true;
        }
    }

    private static bool IsJoiner(char c) => c is '-' or '\'' or '\u2019';

    private readonly bool IsPossessiveS(int index) =>
        _text[index] is 's' or 'S' && (index + 1 >= _text.Length || !char.IsLetterOrDigit(_text[index + 1]));
}
