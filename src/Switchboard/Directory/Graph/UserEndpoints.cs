using System.Globalization;
using Switchboard.Directory.Model;
using Switchboard.Graph;

namespace Switchboard.Directory.Graph;

/// <summary>
/// The directory reads a chat app needs, in Graph's shape: <c>/me</c>, <c>/users/{id|upn}</c>, and
/// <c>/users</c> with <c>$filter</c>, <c>$search</c> and <c>$top</c> for people pickers. Callers see
/// their own tenant only, as in Entra.
/// </summary>
internal static class UserEndpoints
{
    private const int DefaultTop = 100;
    private const int MaxTop = 999;

    public static readonly GraphPermission ReadMe = GraphPermission.DelegatedOnly("User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All");

    public static readonly GraphPermission ReadUsers = GraphPermission.DelegatedOnly("User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All")
        .OrApplication("User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All");

    public static async Task<IResult> MeAsync(HttpContext http, IDirectory directory)
    {
        var caller = http.GraphCaller();
        var user = await directory.GetUserAsync(caller.User, http.RequestAborted);
        return user is null ? GraphErrors.UserNotFound(caller.User.ToString()).ToResult() : GraphJson.Ok(View(http, user, "users/$entity"));
    }

    public static async Task<IResult> GetAsync(HttpContext http, string idOrUpn, IDirectory directory)
    {
        var caller = http.GraphCaller();
        var user = Guid.TryParse(idOrUpn, out var id)
            ? await directory.GetUserAsync(id, http.RequestAborted)
            : await directory.FindUserAsync(idOrUpn, http.RequestAborted);
        return user is null || user.TenantId != caller.TenantId
            ? GraphErrors.UserNotFound(idOrUpn).ToResult()
            : GraphJson.Ok(View(http, user, "users/$entity"));
    }

    public static async Task<IResult> ListAsync(HttpContext http, IDirectory directory, GraphPaging paging)
    {
        var caller = http.GraphCaller();
        var (query, error) = GraphQuery.Parse(http.Request, MaxTop, "top", "skiptoken", "filter", "search", "count", "orderby");
        if (error is not null)
        {
            return error.ToResult();
        }

        var top = query!.Top ?? DefaultTop;
        if ((query.Search is not null || query.Count) && !string.Equals(http.Request.Headers["ConsistencyLevel"], "eventual", StringComparison.OrdinalIgnoreCase))
        {
            return GraphErrors.SearchNeedsConsistencyLevel().ToResult();
        }

        IEnumerable<DirectoryUser> users = await directory.ListUsersAsync(caller.TenantId, http.RequestAborted);
        if (query.Filter is { } filterText)
        {
            var (node, parseError) = ODataFilter.Parse(filterText);
            if (parseError is not null)
            {
                return parseError.ToResult();
            }

            if (UserFilter.Check(node!) is { } filterError)
            {
                return filterError.ToResult();
            }

            users = users.Where(u => UserFilter.Matches(node!, u));
        }

        if (query.Search is { } search)
        {
            var (terms, searchError) = UserSearch.Parse(search);
            if (searchError is not null)
            {
                return searchError.ToResult();
            }

            users = users.Where(u => UserSearch.Matches(terms!, u));
        }

        var all = users.ToList();
        var offset = 0;
        if (query.SkipToken is { } token && (!paging.TryUnprotect(http.Request, token, out var position) || !int.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
        {
            return GraphErrors.InvalidSkipToken().ToResult();
        }

        var page = all.Skip(offset).Take(top).ToList();
        var result = new Dictionary<string, object?> { ["@odata.context"] = $"{Origin(http)}/v1.0/$metadata#users" };
        if (query.Count)
        {
            result["@odata.count"] = all.Count;
        }

        if (offset + page.Count < all.Count)
        {
            result["@odata.nextLink"] = paging.NextLink(http.Request, (offset + page.Count).ToString(CultureInfo.InvariantCulture));
        }

        result["value"] = page.Select(u => View(http, u, null)).ToList();
        return GraphJson.Ok(result);
    }

    internal static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    internal static Dictionary<string, object?> View(HttpContext http, DirectoryUser user, string? context)
    {
        var view = new Dictionary<string, object?>();
        if (context is not null)
        {
            view["@odata.context"] = $"{Origin(http)}/v1.0/$metadata#{context}";
        }

        view["id"] = user.Id.ToString();
        view["businessPhones"] = Array.Empty<string>();
        view["displayName"] = user.DisplayName;
        view["givenName"] = user.GivenName;
        view["surname"] = user.Surname;
        view["jobTitle"] = null;
        view["mail"] = user.UserPrincipalName;
        view["mobilePhone"] = null;
        view["officeLocation"] = null;
        view["preferredLanguage"] = null;
        view["userPrincipalName"] = user.UserPrincipalName;

        // Returned by Graph only when selected; every property is returned here (see GraphQuery).
        view["accountEnabled"] = user.AccountEnabled;
        view["assignedLicenses"] = user.TeamsEnabled ? new[] { new { disabledPlans = Array.Empty<string>(), skuId = TeamsLicense.SkuId.ToString() } } : [];
        return view;
    }
}
