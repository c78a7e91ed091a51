using System.Text.RegularExpressions;
using Switchboard.Directory.Model;
using Switchboard.Graph;

namespace Switchboard.Directory.Graph;

/// <summary>
/// Graph's <c>$search</c> on users: quoted clauses <c>"property:text"</c> joined with OR (or AND);
/// a clause matches when a word of the property starts with the text (Entra's tokenized search).
/// </summary>
internal static partial class UserSearch
{
    internal sealed record Clause(string Property, string Text, bool AndWithPrevious);

    public static (List<Clause>? Clauses, GraphError? Error) Parse(string search)
    {
        var clauses = new List<Clause>();
        var matches = ClausePattern().Matches(search);
        if (matches.Count == 0)
        {
            return (null, GraphErrors.InvalidSearch("use \"displayName:text\" clauses, quoted, joined with OR or AND."));
        }

        foreach (Match match in matches)
        {
            var property = match.Groups["property"].Value;
            if (property is not ("displayName" or "mail" or "userPrincipalName" or "givenName" or "surname"))
            {
                return (null, GraphErrors.InvalidSearch($"'{property}' cannot be searched."));
            }

            clauses.Add(new Clause(property, match.Groups["text"].Value, match.Groups["op"].Value.Equals("AND", StringComparison.OrdinalIgnoreCase)));
        }

        return (clauses, null);
    }

    public static bool Matches(List<Clause> clauses, DirectoryUser user)
    {
        var result = false;
        for (var i = 0; i < clauses.Count; i++)
        {
            var hit = Hit(clauses[i], user);
            result = i == 0 ? hit : clauses[i].AndWithPrevious ? result && hit : result || hit;
        }

        return result;
    }

    private static bool Hit(Clause clause, DirectoryUser user)
    {
        var value = clause.Property switch
        {
            "displayName" => user.DisplayName,
            "givenName" => user.GivenName,
            "surname" => user.Surname,
            _ => user.UserPrincipalName,
        };
        return value is not null && Words().Split(value).Any(w => w.StartsWith(clause.Text, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex("(?:(?<op>AND|OR)\\s+)?\"(?<property>[A-Za-z]+):(?<text>[^\"]*)\"", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex ClausePattern();

    [GeneratedRegex("[\\s@._-]+", RegexOptions.None, 1000)]
    private static partial Regex Words();
}
