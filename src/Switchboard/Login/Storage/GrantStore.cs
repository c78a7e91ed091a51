using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Switchboard.Directory;
using Switchboard.Login.Errors;

namespace Switchboard.Login.Storage;

/// <summary>
/// Authorization codes and refresh tokens. Only their SHA-256 is stored; redeeming is a conditional
/// update, so two concurrent redemptions of one value cannot both succeed.
/// </summary>
internal sealed class GrantStore(LoginDb db, TimeProvider time, IOptions<LoginOptions> options)
{
    public static string NewHandle(string prefix = "") => prefix + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(48));

    public async Task<string> CreateCodeAsync(AuthorizationCodeRecord record, CancellationToken cancellationToken)
    {
        var code = NewHandle("1.");
        record.Id = SecretHasher.LookupKey(code);
        record.ExpiresAt = time.GetUtcNow() + options.Value.AuthorizationCodeLifetime;
        db.AuthorizationCodes.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return code;
    }

    public async Task<(AuthorizationCodeRecord? Code, AadError? Error)> RedeemCodeAsync(string code, CancellationToken cancellationToken)
    {
        var id = SecretHasher.LookupKey(code);
        var record = await db.AuthorizationCodes.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (record is null)
        {
            return (null, AadErrors.CodeInvalid());
        }

        if (record.RedeemedAt is not null)
        {
            return (null, AadErrors.CodeRedeemed());
        }

        var now = time.GetUtcNow();
        if (record.ExpiresAt <= now)
        {
            return (null, AadErrors.CodeExpired());
        }

        var claimed = await db.AuthorizationCodes.Where(c => c.Id == id && c.RedeemedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RedeemedAt, now), cancellationToken);
        return claimed == 1 ? (record, null) : (null, AadErrors.CodeRedeemed());
    }

    public async Task<string> CreateRefreshTokenAsync(RefreshTokenRecord record, CancellationToken cancellationToken)
    {
        var token = NewHandle("1.");
        record.Id = SecretHasher.LookupKey(token);
        db.RefreshTokens.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>
    /// Redeems a refresh token for rotation. A token used twice means it leaked or was replayed, so its
    /// whole family is revoked (OAuth 2.0 Security BCP §4.14.2); the caller must start a new sign-in.
    /// </summary>
    public async Task<(RefreshTokenRecord? Token, AadError? Error)> RedeemRefreshTokenAsync(string token, Guid clientId, CancellationToken cancellationToken)
    {
        var id = SecretHasher.LookupKey(token);
        var record = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (record is null)
        {
            return (null, AadErrors.RefreshTokenInvalid());
        }

        // Checked before the token is spent: another client presenting it must not burn the family.
        if (record.ClientId != clientId)
        {
            return (null, AadErrors.RefreshTokenForOtherClient());
        }

        if (record.RevokedAt is not null)
        {
            return (null, AadErrors.RefreshTokenRevoked("The refresh token was revoked."));
        }

        var now = time.GetUtcNow();
        if (record.ExpiresAt <= now)
        {
            return (null, record.IsSpa ? AadErrors.SpaRefreshTokenExpired() : AadErrors.RefreshTokenExpired());
        }

        var claimed = record.RedeemedAt is null
            && await db.RefreshTokens.Where(t => t.Id == id && t.RedeemedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RedeemedAt, now), cancellationToken) == 1;
        if (!claimed)
        {
            await RevokeFamilyAsync(record.FamilyId, cancellationToken);
            return (null, AadErrors.RefreshTokenRevoked("The refresh token had already been used; every token of its sign-in is revoked."));
        }

        return (record, null);
    }

    public Task<int> RevokeFamilyAsync(Guid familyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }

    public Task<int> RevokeForUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
    }
}
