using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Switchboard.Directory.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DirectoryTenants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UsersCanConsent = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryTenants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryApplications",
                columns: table => new
                {
                    ObjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HomeTenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SignInAudience = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AllowPublicClientFlows = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsFirstParty = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessTokenVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    RedirectUris = table.Column<string>(type: "TEXT", nullable: false),
                    IdentifierUris = table.Column<string>(type: "TEXT", nullable: false),
                    Scopes = table.Column<string>(type: "TEXT", nullable: false),
                    AppRoles = table.Column<string>(type: "TEXT", nullable: false),
                    RequiredResourceAccess = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryApplications", x => x.ObjectId);
                    table.ForeignKey(
                        name: "FK_DirectoryApplications_DirectoryTenants_HomeTenantId",
                        column: x => x.HomeTenantId,
                        principalTable: "DirectoryTenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryServicePrincipals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    AccountEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AppRoleAssignmentRequired = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryServicePrincipals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DirectoryServicePrincipals_DirectoryTenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "DirectoryTenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryUsers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserPrincipalName = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    NormalizedUpn = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    GivenName = table.Column<string>(type: "TEXT", nullable: true),
                    Surname = table.Column<string>(type: "TEXT", nullable: true),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: false),
                    AccountEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    TeamsEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Roles = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryUsers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DirectoryUsers_DirectoryTenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "DirectoryTenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryClientSecrets",
                columns: table => new
                {
                    KeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationObjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    Hint = table.Column<string>(type: "TEXT", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryClientSecrets", x => x.KeyId);
                    table.ForeignKey(
                        name: "FK_DirectoryClientSecrets_DirectoryApplications_ApplicationObjectId",
                        column: x => x.ApplicationObjectId,
                        principalTable: "DirectoryApplications",
                        principalColumn: "ObjectId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryAppRoleAssignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrincipalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppRoleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryAppRoleAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DirectoryAppRoleAssignments_DirectoryServicePrincipals_PrincipalId",
                        column: x => x.PrincipalId,
                        principalTable: "DirectoryServicePrincipals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DirectoryAppRoleAssignments_DirectoryServicePrincipals_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "DirectoryServicePrincipals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryPermissionGrants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsentType = table.Column<string>(type: "TEXT", nullable: false),
                    PrincipalId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Scope = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryPermissionGrants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DirectoryPermissionGrants_DirectoryServicePrincipals_ClientId",
                        column: x => x.ClientId,
                        principalTable: "DirectoryServicePrincipals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DirectoryPermissionGrants_DirectoryServicePrincipals_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "DirectoryServicePrincipals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryAppRoleAssignments_PrincipalId_ResourceId_AppRoleId",
                table: "DirectoryAppRoleAssignments",
                columns: new[] { "PrincipalId", "ResourceId", "AppRoleId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryAppRoleAssignments_ResourceId",
                table: "DirectoryAppRoleAssignments",
                column: "ResourceId");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryApplications_AppId",
                table: "DirectoryApplications",
                column: "AppId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryApplications_HomeTenantId",
                table: "DirectoryApplications",
                column: "HomeTenantId");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryClientSecrets_ApplicationObjectId",
                table: "DirectoryClientSecrets",
                column: "ApplicationObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryPermissionGrants_ClientId_ResourceId_ConsentType_PrincipalId",
                table: "DirectoryPermissionGrants",
                columns: new[] { "ClientId", "ResourceId", "ConsentType", "PrincipalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryPermissionGrants_ResourceId",
                table: "DirectoryPermissionGrants",
                column: "ResourceId");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryServicePrincipals_TenantId_AppId",
                table: "DirectoryServicePrincipals",
                columns: new[] { "TenantId", "AppId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryTenants_Domain",
                table: "DirectoryTenants",
                column: "Domain",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryUsers_NormalizedUpn",
                table: "DirectoryUsers",
                column: "NormalizedUpn",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryUsers_TenantId",
                table: "DirectoryUsers",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DirectoryAppRoleAssignments");

            migrationBuilder.DropTable(
                name: "DirectoryClientSecrets");

            migrationBuilder.DropTable(
                name: "DirectoryPermissionGrants");

            migrationBuilder.DropTable(
                name: "DirectoryUsers");

            migrationBuilder.DropTable(
                name: "DirectoryApplications");

            migrationBuilder.DropTable(
                name: "DirectoryServicePrincipals");

            migrationBuilder.DropTable(
                name: "DirectoryTenants");
        }
    }
}
