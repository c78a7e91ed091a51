using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Switchboard.Web;

/// <summary>
/// The web apps built from <c>clients/web</c> and copied next to the server as <c>web/</c>: the client at
/// <c>/</c> (<c>web/client/</c>) and the Contoso sample at <c>/samples/contoso/</c> (<c>web/contoso/</c>).
/// A deep link of a single-page app gets its <c>index.html</c>; API paths never do (<see cref="WebRoutes"/>).
/// </summary>
internal sealed partial class WebFiles(string root)
{
    private const string SamplePrefix = "/samples/contoso";

    private static readonly FileExtensionContentTypeProvider Types = CreateTypes();

    public static WebFiles FromOutput() => new(Path.Combine(AppContext.BaseDirectory, "web"));

    public string Root { get; } = root;

    /// <summary><c>GET /</c>: the client, or a placeholder page when the build had no web client to include.</summary>
    public static IResult ClientIndex(HttpContext http, WebFiles files)
    {
        SecurityHeaders.Apply(http);
        var index = files.Find("client", "index.html");
        if (index is not null)
        {
            return Serve(http, index, "index.html");
        }

        http.Response.Headers.CacheControl = "no-cache";
        return Results.Content(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Switchboard</title></head><body><main><h1>Switchboard</h1><p>Sign-in service: <a href=\"/common/v2.0/.well-known/openid-configuration\">OpenID configuration</a>.</p></main></body></html>",
            "text/html; charset=utf-8");
    }

    public static IResult Fallback(HttpContext http, WebFiles files)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "/";
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || WebRoutes.IsReserved(path))
        {
            return Results.NotFound();
        }

        // A route "/samples/contoso" would also take "/samples/contoso/" (routing ignores a trailing slash).
        if (path.Equals(SamplePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Redirect(SamplePrefix + "/" + request.QueryString);
        }

        var (app, relative) = path.StartsWith(SamplePrefix + "/", StringComparison.OrdinalIgnoreCase)
            ? ("contoso", path[(SamplePrefix.Length + 1)..])
            : ("client", path.TrimStart('/'));
        var file = relative.Length == 0 ? null : files.Find(app, relative);
        if (file is not null)
        {
            SecurityHeaders.Apply(http);
            return Serve(http, file, relative);
        }

        // A deep link of the single-page app: its index, for a navigation (a page load accepts HTML).
        if (AcceptsHtml(request) && !LooksLikeFile(relative) && files.Find(app, "index.html") is { } index)
        {
            SecurityHeaders.Apply(http);
            return Serve(http, index, "index.html");
        }

        return Results.NotFound();
    }

    private IFileInfo? Find(string app, string relative)
    {
        var folder = Path.Combine(Root, app);
        if (!System.IO.Directory.Exists(folder))
        {
            return null;
        }

        // PhysicalFileProvider refuses paths that leave its root ("..", absolute paths).
        using var provider = new PhysicalFileProvider(folder);
        var info = provider.GetFileInfo(relative);
        return info.Exists && !info.IsDirectory ? info : null;
    }

    private static IResult Serve(HttpContext http, IFileInfo file, string relative)
    {
        if (!Types.TryGetContentType(file.Name, out var contentType))
        {
            contentType = "application/octet-stream";
        }

        http.Response.Headers.CacheControl = IsHashed(relative) ? "public, max-age=31536000, immutable" : "no-cache";
        var etag = new EntityTagHeaderValue($"\"{file.LastModified.ToUnixTimeMilliseconds():x}-{file.Length:x}\"");
        return Results.File(file.PhysicalPath!, contentType, lastModified: file.LastModified, entityTag: etag);
    }

    /// <summary>
    /// A content-hashed name (<c>app-5XK3J2AB.js</c>, <c>index.3f9a1c2b.css</c>) changes with its content: safe to
    /// cache for good. Everything else (index.html, <c>app.js</c>) is revalidated by ETag on every load.
    /// </summary>
    private static bool IsHashed(string relative) => HashedName().IsMatch(Path.GetFileNameWithoutExtension(relative));

    [GeneratedRegex("[.-](?=[A-Za-z]*[0-9])[A-Za-z0-9]{8,}$")]
    private static partial Regex HashedName();

    private static bool AcceptsHtml(HttpRequest request)
        => request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    /// <summary>A name with a static file's extension; chat ids like <c>19:abc@thread.v2</c> are deep links.</summary>
    private static bool LooksLikeFile(string relative) => Types.TryGetContentType(relative, out _);

    private static FileExtensionContentTypeProvider CreateTypes()
    {
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".js"] = "text/javascript; charset=utf-8";
        types.Mappings[".mjs"] = "text/javascript; charset=utf-8";
        types.Mappings[".html"] = "text/html; charset=utf-8";
        types.Mappings[".css"] = "text/css; charset=utf-8";
        types.Mappings[".map"] = "application/json; charset=utf-8";
        types.Mappings[".webmanifest"] = "application/manifest+json";
        return types;
    }
}
