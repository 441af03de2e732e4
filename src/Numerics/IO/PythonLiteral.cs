using System.Globalization;

namespace ImplicitReg.Numerics.IO;

/// <summary>
/// The subset of Python literal syntax a .npy header uses: a dict of quoted keys to strings, True/False,
/// integers, tuples or lists. Tuples of integers come back as List&lt;long&gt;, other sequences as List&lt;object&gt;.
/// </summary>
internal sealed class PythonLiteral(string text)
{
    private int _pos;

    public Dictionary<string, object> ParseDictionary()
    {
        SkipSpace();
        Expect('{');
        var dict = new Dictionary<string, object>(StringComparer.Ordinal);
        while (true)
        {
            SkipSpace();
            if (TryTake('}')) break;
            var key = ParseValue() as string ?? throw Error("a dict key that is not a string");
            SkipSpace();
            Expect(':');
            if (!dict.TryAdd(key, ParseValue())) throw Error($"key '{key}' twice");
            SkipSpace();
            if (TryTake('}')) break;
            Expect(',');
        }
        SkipSpace();
        if (_pos != text.Length) throw Error("text after the dict");
        return dict;
    }

    private object ParseValue()
    {
        SkipSpace();
        if (_pos >= text.Length) throw Error("the header ends where a value was expected");
        char c = text[_pos];
        if (c is '\'' or '"') return ParseString(c);
        if (c is '(' or '[') return ParseSequence(c == '(' ? ')' : ']');
        if (char.IsDigit(c) || c == '-') return ParseInteger();
        if (TryWord("True")) return true;
        if (TryWord("False")) return false;
        throw Error($"unexpected '{c}'");
    }

    private string ParseString(char quote)
    {
        int start = ++_pos;
        int end = text.IndexOf(quote, start);
        if (end < 0) throw Error("an unterminated string");
        _pos = end + 1;
        return text[start..end];
    }

    private object ParseSequence(char close)
    {
        _pos++;
        var items = new List<object>();
        while (true)
        {
            SkipSpace();
            if (TryTake(close)) break;
            items.Add(ParseValue());
            SkipSpace();
            if (TryTake(close)) break;
            Expect(',');
        }
        return items.All(i => i is long) ? items.Cast<long>().ToList() : items;
    }

    private long ParseInteger()
    {
        int start = _pos;
        if (text[_pos] == '-') _pos++;
        while (_pos < text.Length && char.IsDigit(text[_pos])) _pos++;
        if (_pos < text.Length && text[_pos] == 'L') _pos++;
        var digits = text[start.._pos].TrimEnd('L');
        return long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : throw Error($"bad integer '{digits}'");
    }

    private bool TryWord(string word)
    {
        if (string.CompareOrdinal(text, _pos, word, 0, word.Length) != 0) return false;
        _pos += word.Length;
        return true;
    }

    private void SkipSpace()
    {
        while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
    }

    private bool TryTake(char c)
    {
        if (_pos < text.Length && text[_pos] == c) { _pos++; return true; }
        return false;
    }

    private void Expect(char c)
    {
        if (!TryTake(c)) throw Error(_pos < text.Length ? $"expected '{c}' at offset {_pos}, found '{text[_pos]}'" : $"expected '{c}' but the header ends");
    }

    private FormatException Error(string what) => new(what);
}
