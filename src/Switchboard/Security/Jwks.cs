namespace Switchboard.Security;

/// <summary>A JSON Web Key Set of signing keys, as Entra publishes it (kid = x5t, x5c, optional per-key issuer).</summary>
internal static class Jwks
{
    public static IResult Result(IEnumerable<SigningKey> keys, string? issuer, HttpResponse response, TimeSpan cacheFor)
    {
        response.Headers.CacheControl = $"max-age={(int)cacheFor.TotalSeconds}, private";
        return Results.Json(new
        {
            keys = keys.Select(k => new Dictionary<string, object>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = k.Kid,
                ["x5t"] = k.Kid,
                ["n"] = k.Modulus,
                ["e"] = k.Exponent,
                ["x5c"] = new[] { Convert.ToBase64String(k.Certificate.RawData) },
            }.Concat(issuer is null ? [] : [new KeyValuePair<string, object>("issuer", issuer)]).ToDictionary()),
        });
    }
}
