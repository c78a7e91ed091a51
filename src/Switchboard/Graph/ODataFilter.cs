using System.Globalization;
using System.Text;

namespace Switchboard.Graph;

/// <summary>A parsed <c>$filter</c> expression: the small OData subset Graph's chat and user APIs accept.</summary>
internal abstract record FilterNode;

/// <summary><c>property op literal</c>; <see cref="Property"/> is the path as written (<c>o/displayName</c>).</summary>
internal sealed record FilterComparison(string Property, string Operator, FilterLiteral Value) : FilterNode;

internal sealed record FilterLogical(string Operator, FilterNode Left, FilterNode Right) : FilterNode;

/// <summary><c>collection/any(v: body)</c>.</summary>
internal sealed record FilterAny(string Collection, string Variable, FilterNode Body) : FilterNode;

/// <summary><c>startswith(property, 'text')</c> and the like.</summary>
internal sealed record FilterFunction(string Name, string Property, FilterLiteral Value) : FilterNode;

internal sealed record FilterLiteral(string Text, bool IsString)
{
    public bool TryInstant(out DateTimeOffset value)
        => DateTimeOffset.TryParse(Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
}

/// <summary>
/// Recursive-descent parser for that subset. Failures are <see cref="GraphErrors.InvalidFilter"/> values;
/// which properties and operators an API honours is that API's decision.
/// </summary>
internal static class ODataFilter
{
    private static readonly HashSet<string> Comparisons = new(StringComparer.OrdinalIgnoreCase) { "eq", "ne", "gt", "ge", "lt", "le" };

    public static (FilterNode? Node, GraphError? Error) Parse(string text)
    {
        var tokens = Tokenize(text);
        if (tokens is null)
        {
            return (null, GraphErrors.InvalidFilter("Unterminated string or unexpected character."));
        }

        var parser = new Parser(tokens);
        try
        {
            var node = parser.ParseOr();
            return parser.AtEnd ? (node, null) : (null, GraphErrors.InvalidFilter($"Unexpected '{parser.Peek}'."));
        }
        catch (FormatException e)
        {
            return (null, GraphErrors.InvalidFilter(e.Message));
        }
    }

    /// <summary>Operation kind names as Graph's errors spell them.</summary>
    public static string OperationKind(string op) => op.ToLowerInvariant() switch
    {
        "eq" => "Equal",
        "ne" => "NotEqual",
        "gt" => "GreaterThan",
        "ge" => "GreaterThanOrEqual",
        "lt" => "LessThan",
        "le" => "LessThanOrEqual",
        _ => op,
    };

    private static List<(string Text, bool IsString)>? Tokenize(string text)
    {
        var tokens = new List<(string, bool)>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',' or ':')
            {
                tokens.Add((c.ToString(), false));
                i++;
            }
            else if (c == '\'')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        return null;
                    }

                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'')
                        {
                            value.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(text[i++]);
                }

                tokens.Add((value.ToString(), true));
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '/' or '.' or '-' or '+' or '@')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '/' or '.' or '-' or '+' or '@' || (text[i] == ':' && IsTimeColon(text, start, i))))
                {
                    i++;
                }

                tokens.Add((text[start..i], false));
            }
            else
            {
                return null;
            }
        }

        return tokens;
    }

    /// <summary>A colon inside an unquoted ISO instant (<c>2021-01-01T10:00:00Z</c>), not a lambda's.</summary>
    private static bool IsTimeColon(string text, int start, int i)
        => i - start >= 11 && char.IsDigit(text[start]) && text.AsSpan(start, i - start).Contains('T') && i + 1 < text.Length && char.IsDigit(text[i + 1]);

    private sealed class Parser(List<(string Text, bool IsString)> tokens)
    {
        private int position;

        public bool AtEnd => position >= tokens.Count;

        public string Peek => AtEnd ? "end of input" : tokens[position].Text;

        public FilterNode ParseOr()
        {
            var left = ParseAnd();
            while (IsKeyword("or"))
            {
                position++;
                left = new FilterLogical("or", left, ParseAnd());
            }

            return left;
        }

        private FilterNode ParseAnd()
        {
            var left = ParsePrimary();
            while (IsKeyword("and"))
            {
                position++;
                left = new FilterLogical("and", left, ParsePrimary());
            }

            return left;
        }

        private FilterNode ParsePrimary()
        {
            if (Accept("("))
            {
                var inner = ParseOr();
                Expect(")");
                return inner;
            }

            var name = Identifier();
            if (Accept("("))
            {
                if (name.EndsWith("/any", StringComparison.OrdinalIgnoreCase))
                {
                    var variable = Identifier();
                    Expect(":");
                    var body = ParseOr();
                    Expect(")");
                    return new FilterAny(name[..^4], variable, body);
                }

                var property = Identifier();
                Expect(",");
                var argument = Literal();
                Expect(")");
                return new FilterFunction(name.ToLowerInvariant(), property, argument);
            }

            if (AtEnd || !Comparisons.Contains(tokens[position].Text))
            {
                throw new FormatException($"Expected a comparison operator after '{name}'.");
            }

            var op = tokens[position++].Text.ToLowerInvariant();
            return new FilterComparison(name, op, Literal());
        }

        private string Identifier()
        {
            if (AtEnd || tokens[position].IsString || !char.IsLetter(tokens[position].Text[0]))
            {
                throw new FormatException($"Expected a property name at '{Peek}'.");
            }

            return tokens[position++].Text;
        }

        private FilterLiteral Literal()
        {
            if (AtEnd || (!tokens[position].IsString && tokens[position].Text is "(" or ")" or "," or ":"))
            {
                throw new FormatException($"Expected a value at '{Peek}'.");
            }

            var (text, isString) = tokens[position++];
            return new FilterLiteral(text, isString);
        }

        private bool IsKeyword(string keyword)
            => !AtEnd && !tokens[position].IsString && string.Equals(tokens[position].Text, keyword, StringComparison.OrdinalIgnoreCase);

        private bool Accept(string symbol)
        {
            if (!AtEnd && !tokens[position].IsString && tokens[position].Text == symbol)
            {
                position++;
                return true;
            }

            return false;
        }

        private void Expect(string symbol)
        {
            if (!Accept(symbol))
            {
                throw new FormatException($"Expected '{symbol}' at '{Peek}'.");
            }
        }
    }
}
