namespace Switchboard.Directory.Graph;

/// <summary>
/// Switchboard's one licence: a user is "Teams-enabled" (may use the ACS Teams exchange and calling)
/// exactly when this SKU is in <c>assignedLicenses</c>. Set and cleared with Graph's <c>assignLicense</c>.
/// </summary>
internal static class TeamsLicense
{
    /// <summary>Microsoft Teams Enterprise's SKU id (<c>Microsoft_Teams_Enterprise_New</c>).</summary>
    public static readonly Guid SkuId = new("7e31c0d9-9551-471d-836f-32ee72be4a01");

    public const string SkuPartNumber = "Microsoft_Teams_Enterprise_New";
}
