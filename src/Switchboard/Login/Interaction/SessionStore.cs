using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Login.Storage;

namespace Switchboard.Login.Interaction;

/// <summary>
/// The single sign-on session: a random id in an HttpOnly, Secure cookie; the table keeps its hash,
/// so sessions survive restarts and sign-out ends them everywhere.
/// </summary>
internal sealed class SessionStore(LoginDb db, TimeProvider time, IOptions<LoginOptions> options)
{
    public const string CookieName = "sb.session";

    public async Task<SessionRecord?> FindAsync(HttpContext http)
    {
        var raw = http.Request.Cookies[CookieName];
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        var id = SecretHasher.LookupKey(raw);
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, http.RequestAborted);
        return session is { EndedAt: null } && session.ExpiresAt > time.GetUtcNow() ? session : null;
    }

    public async Task<SessionRecord> CreateAsync(HttpContext http, DirectoryUser user)
    {
        var raw = GrantStore.NewHandle();
        var now = time.GetUtcNow();
        var session = new SessionRecord
        {
            Id = SecretHasher.LookupKey(raw),
            Sid = Guid.NewGuid(),
            UserId = user.Id,
            TenantId = user.TenantId,
            AuthTime = now,
            ExpiresAt = now + options.Value.SessionLifetime,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(http.RequestAborted);
        http.Response.Cookies.Append(CookieName, raw, new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            Expires = session.ExpiresAt,
        });
        return session;
    }

    public async Task EndAsync(HttpContext http)
    {
        var session = await FindAsync(http);
        if (session is not null)
        {
            var now = time.GetUtcNow();
            await db.Sessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), http.RequestAborted);
        }

        http.Response.Cookies.Delete(CookieName, new CookieOptions { Secure = true, Path = "/" });
    }
}
