using Switchboard.Directory.Model;
using Switchboard.Graph;

namespace Switchboard.Directory.Graph;

/// <summary>
/// The <c>/users</c> filters a people picker uses: <c>startswith(displayName|givenName|surname|mail|userPrincipalName,'…')</c>
/// and <c>eq</c> on those and <c>id</c>, joined with <c>and</c>/<c>or</c>. Text compares case-insensitively, as Entra does.
/// </summary>
internal static class UserFilter
{
    private static readonly string[] Properties = ["displayName", "givenName", "surname", "mail", "userPrincipalName", "id"];

    public static GraphError? Check(FilterNode node) => node switch
    {
        FilterLogical logical => Check(logical.Left) ?? Check(logical.Right),
        FilterFunction { Name: "startswith" } f when Known(f.Property) && f.Value.IsString => null,
        FilterComparison { Operator: "eq" } c when Known(c.Property) && c.Value.IsString => null,
        FilterComparison c => GraphErrors.FilterOperatorNotAllowed(c.Property, ODataFilter.OperationKind(c.Operator)),
        _ => GraphErrors.InvalidFilter("Users can be filtered with startswith(property,'text') and property eq 'value' on displayName, givenName, surname, mail, userPrincipalName and id."),
    };

    public static bool Matches(FilterNode node, DirectoryUser user) => node switch
    {
        FilterLogical { Operator: "and" } l => Matches(l.Left, user) && Matches(l.Right, user),
        FilterLogical l => Matches(l.Left, user) || Matches(l.Right, user),
        FilterFunction f => Value(f.Property, user)?.StartsWith(f.Value.Text, StringComparison.OrdinalIgnoreCase) == true,
        FilterComparison c => string.Equals(Value(c.Property, user), c.Value.Text, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static bool Known(string property) => Properties.Contains(property, StringComparer.OrdinalIgnoreCase);

    private static string? Value(string property, DirectoryUser user) => property.ToLowerInvariant() switch
    {
        "displayname" => user.DisplayName,
        "givenname" => user.GivenName,
        "surname" => user.Surname,
        "mail" or "userprincipalname" => user.UserPrincipalName,
        "id" => user.Id.ToString(),
        _ => null,
    };
}
