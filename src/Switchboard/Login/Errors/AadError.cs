namespace Switchboard.Login.Errors;

/// <summary>
/// An expected failure of the sign-in service, in Entra's terms: the AADSTS number, the OAuth
/// <c>error</c> value, Entra's text, and the Switchboard check that failed (added to the description so
/// people see which rule refused them). Built only by <see cref="AadErrors"/>.
/// </summary>
internal sealed record AadError(int Code, string Error, string Message, string Check, int Status = 400, string? SubError = null)
{
    /// <summary>The first line of <c>error_description</c>: "AADSTS65001: …".</summary>
    public string Headline => $"AADSTS{Code}: {Message}";
}
