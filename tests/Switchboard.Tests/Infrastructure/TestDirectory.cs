namespace Switchboard.Tests.Infrastructure;

/// <summary>Names from tests/seed/test-seed.json.</summary>
public static class TestDirectory
{
    public const string ContosoTenant = "11111111-1111-4111-8111-111111111111";
    public const string FabrikamTenant = "22222222-2222-4222-8222-222222222222";
    public const string NorthwindTenant = "33333333-3333-4333-8333-333333333333";
    public const string TailspinTenant = "44444444-4444-4444-8444-444444444444";
    public const string WingtipTenant = "55555555-5555-4555-8555-555555555555";
    public const string LitwareTenant = "66666666-6666-4666-8666-666666666666";
    public const string WoodgroveTenant = "77777777-7777-4777-8777-777777777777";
    public const string ConsumersTenant = "9188040d-6c67-4c5b-b112-36a304b66dad";

    public const string ContosoCalls = "c0de0001-0000-4000-8000-000000000001";
    public const string ContosoServer = "c0de0002-0000-4000-8000-000000000002";
    public const string ContosoServerSecret = "contoso-server-test-secret-0001";
    public const string ContosoDaemon = "c0de0003-0000-4000-8000-000000000003";
    public const string ContosoDaemonSecret = "contoso-daemon-test-secret-0001";
    public const string FabrikamInternal = "fab00001-0000-4000-8000-000000000001";
    public const string ContosoEveryone = "c0de0004-0000-4000-8000-000000000004";
    public const string ContosoAdminReports = "c0de0005-0000-4000-8000-000000000005";

    public const string ManageCalls = "https://auth.msft.communication.azure.com/Teams.ManageCalls";
    public const string ManageChats = "https://auth.msft.communication.azure.com/Teams.ManageChats";
    public const string AcsAudience = "https://auth.msft.communication.azure.com";
    public const string ContosoServerScope = "api://c0de0002-0000-4000-8000-000000000002/access_as_user";
    public const string LoopbackRedirect = "http://localhost/redirect";

    public static readonly string[] TeamsScopes = [ManageCalls, ManageChats];

    public static string UserId(string suffix) => $"22222222-0000-4000-8000-0000000000{suffix}";
}
