namespace Switchboard.Communication.Errors;

/// <summary>
/// Errors of the resource-management routes (<c>/admin/api/communication/…</c>) in Azure Resource
/// Manager's shape, <c>{"error":{"code","message"}}</c>, with ARM's codes. Listed in docs/admin.md.
/// </summary>
internal static class ArmErrors
{
    /// <summary>ARM's code for a missing or bad bearer token.</summary>
    public static ArmError InvalidToken(string detail) => new(401, "InvalidAuthenticationToken", detail);

    public static ArmError AuthorizationFailed() =>
        new(403, "AuthorizationFailed", "The client does not have authorization to manage communication resources: a Global Administrator of the resource's tenant, signed in with a delegated Graph token, is required.");

    /// <summary>ARM's code for an unknown resource.</summary>
    public static ArmError ResourceNotFound(string name) =>
        new(404, "ResourceNotFound", $"The Resource 'Microsoft.Communication/CommunicationServices/{name}' was not found.");

    public static ArmError InvalidKeyType() => new(400, "InvalidRequestContent", "keyType must be 'Primary' or 'Secondary'.");
}

internal sealed record ArmError(int Status, string Code, string Message)
{
    public IResult ToResult() => Results.Json(new { error = new { code = Code, message = Message } }, statusCode: Status);
}
