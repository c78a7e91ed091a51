namespace Switchboard.Directory;

/// <summary>Entra directory roles by template id (the ids Graph and the <c>wids</c> claim use).</summary>
internal static class DirectoryRoles
{
    public static readonly Guid GlobalAdministrator = new("62e90394-69f5-4237-9190-012177145e10");
    public static readonly Guid PrivilegedRoleAdministrator = new("e8611ab8-c189-46e8-94e1-60213ab1f814");
    public static readonly Guid ApplicationAdministrator = new("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3");
    public static readonly Guid CloudApplicationAdministrator = new("158c047a-c907-4556-b7ef-446551a6b5f7");
    public static readonly Guid UserAdministrator = new("fe930be7-5e62-47db-91af-98c3a49a38b1");
    public static readonly Guid TeamsAdministrator = new("69091246-20e8-4a56-aa4d-066075b2a7a8");
    public static readonly Guid GlobalReader = new("f2ef992c-3afb-46b9-b7cf-a126ee74c451");

    public static readonly IReadOnlyDictionary<string, Guid> ByName = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase)
    {
        ["Global Administrator"] = GlobalAdministrator,
        ["Privileged Role Administrator"] = PrivilegedRoleAdministrator,
        ["Application Administrator"] = ApplicationAdministrator,
        ["Cloud Application Administrator"] = CloudApplicationAdministrator,
        ["User Administrator"] = UserAdministrator,
        ["Teams Administrator"] = TeamsAdministrator,
        ["Global Reader"] = GlobalReader,
    };

    /// <summary>Roles that may grant delegated permissions for the whole tenant (grant-admin-consent.md).</summary>
    public static readonly IReadOnlySet<Guid> MayConsentForTenant = new HashSet<Guid>
    {
        GlobalAdministrator, PrivilegedRoleAdministrator, ApplicationAdministrator, CloudApplicationAdministrator,
    };

    public static bool TryResolve(string nameOrId, out Guid id)
        => ByName.TryGetValue(nameOrId, out id) || (Guid.TryParse(nameOrId, out id) && ByName.Values.Contains(id));

    public static string NameOf(Guid id) => ByName.FirstOrDefault(p => p.Value == id).Key ?? id.ToString();
}
