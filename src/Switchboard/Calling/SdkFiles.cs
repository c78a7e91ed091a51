using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Switchboard.Calling;

/// <summary>
/// Serves the browser calling library built from <c>clients/calling</c> (copied next to the server as
/// <c>sdk/</c> by the build): <c>/sdk/calling.js</c> as an ES module, its type declarations and source map.
/// </summary>
internal static class SdkFiles
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "sdk");
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".ts"] = "application/typescript; charset=utf-8";
        types.Mappings[".js"] = "text/javascript; charset=utf-8";
        types.Mappings[".map"] = "application/json; charset=utf-8";
        endpoints.MapGet("/sdk/{file}", (string file, HttpContext http) =>
        {
            if (!System.IO.Directory.Exists(folder) || file.Contains("..", StringComparison.Ordinal))
            {
                return Results.NotFound();
            }

            var provider = new PhysicalFileProvider(folder);
            var info = provider.GetFileInfo(file);
            if (!info.Exists || info.IsDirectory || !types.TryGetContentType(file, out var contentType))
            {
                return Results.NotFound();
            }

            // Any page may load the library (it talks to this server with the page's own token).
            http.Response.Headers.AccessControlAllowOrigin = "*";
            http.Response.Headers.CacheControl = "no-cache";
            return Results.File(info.PhysicalPath!, contentType, enableRangeProcessing: false);
        });
    }
}
