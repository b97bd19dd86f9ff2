using System.Collections.Frozen;
using System.Text;

namespace DigestMailer.Papers;

/// <summary>
/// Simple LaTeX math in titles and abstracts (<c>$\Omega(n^{k/2})$</c>) as readable text (<c>Ω(n^(k/2))</c>): mail
/// clients and pages show no TeX. Only what is between a pair of <c>$</c> changes (or after a last unpaired one,
/// where an excerpt cut a formula short); a dollar amount outside a pair stays as written. Pure.
/// </summary>
public static class MathText
{
    // name:shown pairs, one table rather than a hundred initializer lines.
    static readonly FrozenDictionary<string, string> Symbols = Table(
        """
        alpha:α beta:β gamma:γ delta:δ epsilon:ε varepsilon:ε zeta:ζ eta:η theta:θ vartheta:ϑ iota:ι kappa:κ
        lambda:λ mu:μ nu:ν xi:ξ pi:π rho:ρ sigma:σ tau:τ upsilon:υ phi:φ varphi:φ chi:χ psi:ψ omega:ω
        Gamma:Γ Delta:Δ Theta:Θ Lambda:Λ Xi:Ξ Pi:Π Sigma:Σ Upsilon:Υ Phi:Φ Psi:Ψ Omega:Ω
        times:× cdot:· pm:± mp:∓ div:÷ leq:≤ le:≤ geq:≥ ge:≥ neq:≠ ne:≠ approx:≈ sim:~ simeq:≃ equiv:≡
        propto:∝ ll:≪ gg:≫ infty:∞ to:→ rightarrow:→ leftarrow:← Rightarrow:⇒ mapsto:↦ in:∈ notin:∉
        subset:⊂ subseteq:⊆ cup:∪ cap:∩ emptyset:∅ forall:∀ exists:∃ partial:∂ nabla:∇ sum:Σ prod:∏ int:∫
        ell:ℓ circ:∘ star:⋆ ast:* mid:| |:‖ ldots:… cdots:⋯ dots:… %:% {:{ }:} _:_ $:$ &:& #:#
        """);

    // Spacing commands read as one space; sizing and \! as nothing.
    static readonly FrozenSet<string> Spaces = new[] { ",", ";", ":", " ", "quad", "qquad" }.ToFrozenSet(StringComparer.Ordinal);
    static readonly FrozenSet<string> Silent = new[] { "!", "left", "right", "big", "Big", "bigl", "bigr" }.ToFrozenSet(StringComparer.Ordinal);

    // Commands whose one argument is shown as it is: fonts, accents, text inside math.
    static readonly FrozenSet<string> Wrappers =
        """
        mathcal mathrm mathbf mathit mathsf mathtt mathscr mathfrak boldsymbol bm text textrm textbf textit texttt emph
        operatorname hat tilde widetilde widehat bar overline vec dot ddot
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);

    static readonly FrozenDictionary<char, char> DoubleStruck = new Dictionary<char, char>
    {
        ['R'] = 'ℝ',
        ['N'] = 'ℕ',
        ['Z'] = 'ℤ',
        ['Q'] = 'ℚ',
        ['C'] = 'ℂ',
    }.ToFrozenDictionary();

    const string Plain = "0123456789+-=()in";
    const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ";
    const string SubscriptPlain = "0123456789+-=()";
    const string Subscripts = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎";

    public static string Readable(string text)
    {
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var position = 0;
        while (position < text.Length)
        {
            var open = NextDollar(text, position);
            if (open < 0)
            {
                result.Append(text, position, text.Length - position);
                break;
            }

            result.Append(text, position, open - position);
            var display = open + 1 < text.Length && text[open + 1] == '$';
            var start = open + (display ? 2 : 1);
            var close = NextDollar(text, start);
            if (close < 0 && !LooksLikeFormula(text.AsSpan(start)))
            {
                // A lone dollar that opens no formula: a price, or text cut short before anything mathematical.
                result.Append(text, open, text.Length - open);
                break;
            }

            var end = close < 0 ? text.Length : close;
            result.Append(Formula(text[start..end]));
            position = close < 0 ? text.Length : close + (display && close + 1 < text.Length && text[close + 1] == '$' ? 2 : 1);
        }

        return result.ToString();
    }

    static int NextDollar(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '$' && (i == 0 || text[i - 1] != '\\'))
            {
                return i;
            }
        }

        return -1;
    }

    static bool LooksLikeFormula(ReadOnlySpan<char> rest) => rest.IndexOfAny('\\', '^', '_') is >= 0 and < 40;

    /// <summary>One formula's body, without its dollars.</summary>
    static string Formula(string tex)
    {
        var output = new StringBuilder(tex.Length);
        var position = 0;
        while (position < tex.Length)
        {
            var c = tex[position];
            switch (c)
            {
                case '\\':
                    position = Command(tex, position + 1, output);
                    break;
                case '^' or '_':
                    var (argument, next) = Argument(tex, position + 1);
                    output.Append(Script(Formula(argument), superscript: c == '^'));
                    position = next;
                    break;
                case '{' or '}':
                    position++;
                    break;
                case '~':
                    output.Append(' ');
                    position++;
                    break;
                default:
                    output.Append(c);
                    position++;
                    break;
            }
        }

        return output.ToString();
    }

    static int Command(string tex, int position, StringBuilder output)
    {
        var start = position;
        while (position < tex.Length && char.IsAsciiLetter(tex[position]))
        {
            position++;
        }

        if (position == start && position < tex.Length)
        {
            position++;
        }

        var name = tex[start..position];
        if (name is "frac" or "dfrac" or "tfrac")
        {
            var (numerator, afterNumerator) = Argument(tex, position);
            var (denominator, afterDenominator) = Argument(tex, afterNumerator);
            output.Append(Grouped(Formula(numerator))).Append('/').Append(Grouped(Formula(denominator)));
            return afterDenominator;
        }

        if (name is "sqrt")
        {
            var (radicand, after) = Argument(tex, position);
            output.Append('√').Append(Grouped(Formula(radicand)));
            return after;
        }

        if (name is "mathbb")
        {
            var (letters, after) = Argument(tex, position);
            output.Append(string.Concat(Formula(letters).Select(l => DoubleStruck.GetValueOrDefault(l, l))));
            return after;
        }

        if (Wrappers.Contains(name))
        {
            var (argument, after) = Argument(tex, position);
            output.Append(Formula(argument));
            return after;
        }

        // An unknown command (\log, \max, \foo) reads as its name.
        output.Append(Spaces.Contains(name) ? " " : Silent.Contains(name) ? "" : Symbols.GetValueOrDefault(name, name));
        return position;
    }

    /// <summary>A braced group or the single character (or command) after a ^, _ or a command taking an argument.</summary>
    static (string Argument, int Next) Argument(string tex, int position)
    {
        while (position < tex.Length && tex[position] == ' ')
        {
            position++;
        }

        if (position >= tex.Length)
        {
            return ("", position);
        }

        if (tex[position] == '{')
        {
            var depth = 0;
            for (var i = position; i < tex.Length; i++)
            {
                depth += tex[i] switch { '{' => 1, '}' => -1, _ => 0 };
                if (depth == 0)
                {
                    return (tex[(position + 1)..i], i + 1);
                }
            }

            return (tex[(position + 1)..], tex.Length);
        }

        if (tex[position] == '\\')
        {
            var end = position + 1;
            while (end < tex.Length && char.IsAsciiLetter(tex[end]))
            {
                end++;
            }

            end = end == position + 1 ? Math.Min(end + 1, tex.Length) : end;
            return (tex[position..end], end);
        }

        return (tex[position].ToString(), position + 1);
    }

    static string Script(string text, bool superscript)
    {
        var (from, to) = superscript ? (Plain, Superscripts) : (SubscriptPlain, Subscripts);
        if (text.Length > 0 && text.All(c => from.Contains(c, StringComparison.Ordinal)))
        {
            return string.Concat(text.Select(c => to[from.IndexOf(c, StringComparison.Ordinal)]));
        }

        var mark = superscript ? "^" : "_";
        return text.Length == 1 ? mark + text : $"{mark}({text})";
    }

    static FrozenDictionary<string, string> Table(string pairs) =>
        pairs.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split(':', 2))
            .ToFrozenDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

    static string Grouped(string text) => text.Length <= 1 || text.All(char.IsLetterOrDigit) ? text : $"({text})";
}
