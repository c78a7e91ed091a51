namespace Switchboard.Communication;

/// <summary>Token scopes by api-version (acs-identity.md §6).</summary>
internal static class AcsScopes
{
    private static readonly string[] Base = ["chat", "voip"];
    private static readonly string[] Join = ["chat", "voip", "chat.join", "chat.join.limited", "voip.join"];

    public static IReadOnlyList<string> For(string apiVersion)
        => string.CompareOrdinal(apiVersion, ApiVersions.V2023_10_01) >= 0 ? Join : Base;
}

internal static class ApiVersions
{
    public const string V2021_03_07 = "2021-03-07";
    public const string V2022_06_01 = "2022-06-01";
    public const string V2022_10_01 = "2022-10-01";
    public const string V2023_08_01 = "2023-08-01";
    public const string V2023_10_01 = "2023-10-01";
    public const string V2025_03_02_Preview = "2025-03-02-preview";
    public const string V2025_06_30 = "2025-06-30";

    public static readonly IReadOnlyList<string> All = [V2021_03_07, V2022_06_01, V2022_10_01, V2023_08_01, V2023_10_01, V2025_03_02_Preview, V2025_06_30];

    public static readonly string Header = string.Join(", ", All);

    public static bool AtLeast(string version, string minimum) => string.CompareOrdinal(version, minimum) >= 0;
}
