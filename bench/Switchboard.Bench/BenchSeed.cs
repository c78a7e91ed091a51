namespace Switchboard.Bench;

/// <summary>The names in bench-seed.json that the workloads use. Keep the two in step.</summary>
internal static class BenchSeed
{
    public const string TenantId = "b0b0b0b0-0000-4000-8000-000000000001";

    /// <summary>Multi-tenant public client with public client flows: password and refresh grants.</summary>
    public const string PublicClientId = "b0b0b0b0-0000-4000-8000-00000000a001";

    /// <summary>Confidential single-tenant daemon with Microsoft Graph User.Read.All: client credentials.</summary>
    public const string DaemonClientId = "b0b0b0b0-0000-4000-8000-00000000a002";

    public const string DaemonSecret = "bench-daemon-secret-0000000001";

    public const string DaemonScope = "https://graph.microsoft.com/.default";

    /// <summary>What the users consented to for the public client (a Principal grant each).</summary>
    public const string UserScopes = "https://auth.msft.communication.azure.com/Teams.ManageCalls https://auth.msft.communication.azure.com/Teams.ManageChats openid profile offline_access";

    public static readonly IReadOnlyList<(string UserName, string Password)> Users =
    [
        ("ada@bench.test", "Bench!Ada-Password1"),
        ("bob@bench.test", "Bench!Bob-Password1"),
    ];
}

/// <summary>The names in bench-chat-seed.json, the chat benchmark's own directory. Keep the two in step.</summary>
internal static class ChatBenchSeed
{
    /// <summary>Multi-tenant public client (password grant) with Graph chat scopes, consented for all users of the tenant.</summary>
    public const string AppId = "b0b0b0b0-0000-4000-8000-00000000a003";

    public const string Scope = "https://graph.microsoft.com/.default";

    /// <summary>chat00 … chat50: chat00 sends, the other 50 listen on the live channel.</summary>
    public const int Users = 51;

    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "bench-chat-seed.json");

    public static string UserName(int user) => $"chat{user:00}@bench.test";

    public static string Password(int user) => $"Bench!Chat{user:00}-Password1";

    public static string UserId(int user) => $"b0b0b0b0-0000-4000-8000-000000c000{user:00}";
}
