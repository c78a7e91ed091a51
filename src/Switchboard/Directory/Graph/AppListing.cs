using Switchboard.Graph;

namespace Switchboard.Directory.Graph;

/// <summary>
/// The collection read shared by <c>/applications</c> and <c>/servicePrincipals</c>: <c>$top</c> (up to 999,
/// 100 by default) and the <c>appId</c>/<c>displayName</c> <c>$filter</c> of <see cref="AppFilter"/>.
/// </summary>
internal static class AppListing
{
    public static async Task<IResult> ListAsync<T>(
        HttpContext http, string entitySet, Func<Guid, CancellationToken, Task<IReadOnlyList<T>>> load, Func<T, (Guid AppId, string DisplayName)> key, Func<T, Task<Dictionary<string, object?>>> view)
    {
        var (query, error) = GraphQuery.Parse(http.Request, 999, "top", "filter");
        if (error is not null)
        {
            return error.ToResult();
        }

        var (filter, filterError) = AppFilter.Parse(query!.Filter);
        if (filterError is not null)
        {
            return filterError.ToResult();
        }

        var items = (await load(http.GraphCaller().TenantId, http.RequestAborted))
            .Where(item => filter is null || filter(key(item).AppId, key(item).DisplayName)).Take(query.Top ?? 100);
        var views = new List<Dictionary<string, object?>>();
        foreach (var item in items)
        {
            views.Add(await view(item));
        }

        return GraphJson.Ok(new Dictionary<string, object?> { ["@odata.context"] = $"{UserEndpoints.Origin(http)}/v1.0/$metadata#{entitySet}", ["value"] = views });
    }
}
