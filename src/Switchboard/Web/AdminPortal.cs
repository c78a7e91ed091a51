using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Switchboard.Web;

/// <summary>
/// Serves the admin portal built from <c>clients/admin</c> (copied next to the server as <c>admin/</c>
/// by the build) at <c>/admin/</c>. The page is static; everything it shows comes from the Graph
/// endpoints and the communication resource routes, with the signed-in administrator's token.
/// </summary>
internal static class AdminPortal
{
    public static IEndpointRouteBuilder MapAdminPortal(this IEndpointRouteBuilder endpoints)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "admin");
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".js"] = "text/javascript; charset=utf-8";
        types.Mappings[".map"] = "application/json; charset=utf-8";

        // Routing treats /admin and /admin/ alike; the redirect URI registered for the portal has the slash.
        endpoints.MapGet("/admin", (HttpContext http) => http.Request.Path.Value!.EndsWith('/')
            ? Serve(http, folder, "index.html", types)
            : Results.Redirect("/admin/" + http.Request.QueryString));
        endpoints.MapGet("/admin/{file}", (string file, HttpContext http) => Serve(http, folder, file, types));
        return endpoints;
    }

    private static IResult Serve(HttpContext http, string folder, string file, FileExtensionContentTypeProvider types)
    {
        if (!System.IO.Directory.Exists(folder) || file.Contains("..", StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        var info = new PhysicalFileProvider(folder).GetFileInfo(file);
        if (!info.Exists || info.IsDirectory || !types.TryGetContentType(file, out var contentType))
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";

        // The page loads only its own script and style and talks only to this origin.
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        return Results.File(info.PhysicalPath!, contentType, enableRangeProcessing: false);
    }
}
