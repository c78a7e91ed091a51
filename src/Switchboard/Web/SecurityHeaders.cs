namespace Switchboard.Web;

/// <summary>
/// Headers of the web apps' pages and files. The policy allows this origin only (scripts, styles, frames for
/// MSAL's silent renewal, WebSockets), blob: and data: images, camera/microphone streams and blob: media.
/// </summary>
internal static class SecurityHeaders
{
    public static void Apply(HttpContext http)
    {
        var host = http.Request.Host.Value;
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            // Component libraries set inline styles; no inline script is allowed.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob: mediastream:",
            "font-src 'self' data:",
            $"connect-src 'self' https://{host} wss://{host}",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "frame-ancestors 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'");
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
