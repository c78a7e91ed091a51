using System.Globalization;

namespace Switchboard.Graph;

/// <summary>
/// The OData system query options of one request, checked against what the API allows. Names are
/// case-insensitive and may arrive as <c>%24top</c>; other parameters (<c>model</c>) are ignored.
/// </summary>
internal sealed record GraphQuery(int? Top, string? SkipToken, string? Filter, string? OrderBy, IReadOnlyList<string> Expand, string? Search, bool Count)
{
    public const int MaxTop = 50;

    public static (GraphQuery? Query, GraphError? Error) Parse(HttpRequest request, params string[] allowed)
        => Parse(request, MaxTop, allowed);

    public static (GraphQuery? Query, GraphError? Error) Parse(HttpRequest request, int maxTop, params string[] allowed)
    {
        int? top = null;
        string? skip = null, filter = null, orderBy = null, search = null;
        var expand = new List<string>();
        var count = false;
        foreach (var (rawName, values) in request.Query)
        {
            var name = rawName.StartsWith("%24", StringComparison.Ordinal) ? "$" + rawName[3..] : rawName;
            if (!name.StartsWith('$'))
            {
                continue;
            }

            var option = name[1..].ToLowerInvariant();
            var value = values.ToString();
            if (option == "select")
            {
                // $select narrows the response in Graph; every property is returned here, which the SDKs accept.
                continue;
            }

            if (!allowed.Contains(option, StringComparer.OrdinalIgnoreCase))
            {
                return (null, option is "top" or "skiptoken" or "filter" or "orderby" or "expand" or "search" or "count" or "skip"
                    ? GraphErrors.QueryOptionNotAllowed(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(option))
                    : GraphErrors.UnknownQueryOption(name));
            }

            switch (option)
            {
                case "top":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
                    {
                        return (null, GraphErrors.InvalidTop(value));
                    }

                    if (parsed > maxTop)
                    {
                        return (null, GraphErrors.TopExceeded(maxTop, value));
                    }

                    top = parsed;
                    break;
                case "skiptoken":
                    skip = value;
                    break;
                case "filter":
                    filter = value;
                    break;
                case "orderby":
                    orderBy = value.Trim();
                    break;
                case "expand":
                    expand.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "search":
                    search = value;
                    break;
                case "count":
                    count = string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
                    break;
            }
        }

        return (new GraphQuery(top, skip, filter, orderBy, expand, search, count), null);
    }
}
