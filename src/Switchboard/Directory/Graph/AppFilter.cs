using Switchboard.Graph;

namespace Switchboard.Directory.Graph;

/// <summary>
/// The <c>$filter</c>s scripts use on applications and service principals: <c>appId eq '…'</c>,
/// <c>displayName eq '…'</c> and <c>startswith(displayName,'…')</c>, joined with <c>and</c>/<c>or</c>.
/// </summary>
internal static class AppFilter
{
    public static (Func<Guid, string, bool>? Filter, GraphError? Error) Parse(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }

        var (node, error) = ODataFilter.Parse(text);
        if (error is not null)
        {
            return (null, error);
        }

        return Check(node!) is { } checkError ? (null, checkError) : ((appId, name) => Matches(node!, appId, name), null);
    }

    private static GraphError? Check(FilterNode node) => node switch
    {
        FilterLogical l => Check(l.Left) ?? Check(l.Right),
        FilterFunction { Name: "startswith" } f when f.Property.Equals("displayName", StringComparison.OrdinalIgnoreCase) && f.Value.IsString => null,
        FilterComparison { Operator: "eq" } c when c.Property is "appId" or "displayName" && c.Value.IsString => null,
        FilterComparison c => GraphErrors.FilterOperatorNotAllowed(c.Property, ODataFilter.OperationKind(c.Operator)),
        _ => GraphErrors.InvalidFilter("Filter with appId eq '…', displayName eq '…' or startswith(displayName,'…')."),
    };

    private static bool Matches(FilterNode node, Guid appId, string name) => node switch
    {
        FilterLogical { Operator: "and" } l => Matches(l.Left, appId, name) && Matches(l.Right, appId, name),
        FilterLogical l => Matches(l.Left, appId, name) || Matches(l.Right, appId, name),
        FilterFunction f => name.StartsWith(f.Value.Text, StringComparison.OrdinalIgnoreCase),
        FilterComparison { Property: "appId" } c => Guid.TryParse(c.Value.Text, out var id) && id == appId,
        FilterComparison c => string.Equals(name, c.Value.Text, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
