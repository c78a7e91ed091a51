using System.Text;
using System.Text.Encodings.Web;

namespace Switchboard.Login.Pages;

/// <summary>
/// A server-rendered page of the sign-in service. Plain HTML that works without JavaScript; every
/// value is HTML-encoded; framing is refused (consent pages must not be click-jacked).
/// </summary>
internal sealed class HtmlPage(string title, string body, int status = 200, string? scriptNonce = null) : IResult
{
    private const string Style = """
        :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
        body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
        main { width: min(440px, 100% - 2rem); padding: 2rem; border: 1px solid GrayText; border-radius: 8px; box-sizing: border-box; }
        h1 { font-size: 1.5rem; margin: 0 0 1rem; }
        label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
        input[type=text], input[type=email], input[type=password] { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; }
        button { padding: .6rem 1.2rem; font-size: 1rem; margin: 1.25rem .5rem 0 0; cursor: pointer; }
        button.primary { background: #0f6cbd; color: white; border: 1px solid #0f6cbd; border-radius: 4px; }
        button.secondary { border-radius: 4px; }
        :focus-visible { outline: 3px solid #0f6cbd; outline-offset: 2px; }
        .error { border-left: 4px solid #c50f1f; padding: .5rem .75rem; margin: 1rem 0; }
        .muted { opacity: .8; font-size: .9rem; }
        ul.permissions { padding-left: 1.2rem; } ul.permissions li { margin: .5rem 0; }
        .check { display: flex; gap: .5rem; align-items: flex-start; margin-top: 1rem; } .check label { margin: 0; font-weight: 400; }
        code { word-break: break-all; }
        """;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store, no-cache";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.ContentSecurityPolicy = scriptNonce is null
            ? "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
            : $"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{scriptNonce}'; frame-ancestors 'none'; base-uri 'none'";
        var html = new StringBuilder()
            .Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" - Switchboard</title><style>").Append(Style).Append("</style></head><body><main>")
            .Append(body)
            .Append("</main></body></html>");
        await response.WriteAsync(html.ToString(), httpContext.RequestAborted);
    }

    public static string Encode(string? value) => HtmlEncoder.Default.Encode(value ?? "");
}
