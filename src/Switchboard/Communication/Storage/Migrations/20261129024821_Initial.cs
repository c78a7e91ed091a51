using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Switchboard.Communication.Storage.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CommunicationResources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrimaryKey = table.Column<string>(type: "TEXT", nullable: false),
                    SecondaryKey = table.Column<string>(type: "TEXT", nullable: false),
                    DataLocation = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommunicationResources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CommunicationSigningKeys",
                columns: table => new
                {
                    Kid = table.Column<string>(type: "TEXT", nullable: false),
                    Certificate = table.Column<byte[]>(type: "BLOB", nullable: false),
                    PrivateKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ActivatesAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommunicationSigningKeys", x => x.Kid);
                });

            migrationBuilder.CreateTable(
                name: "CommunicationRoleAssignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrincipalTenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrincipalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommunicationRoleAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommunicationRoleAssignments_CommunicationResources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "CommunicationResources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CommunicationUsers",
                columns: table => new
                {
                    ResourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LocalId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CustomId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastTokenIssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Revocation = table.Column<int>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommunicationUsers", x => new { x.ResourceId, x.LocalId });
                    table.ForeignKey(
                        name: "FK_CommunicationUsers_CommunicationResources_ResourceId",
                        column: x => x.ResourceId,
                        principalTable: "CommunicationResources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CommunicationResources_Name",
                table: "CommunicationResources",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommunicationRoleAssignments_ResourceId_PrincipalTenantId_PrincipalId_Role",
                table: "CommunicationRoleAssignments",
                columns: new[] { "ResourceId", "PrincipalTenantId", "PrincipalId", "Role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommunicationUsers_ResourceId_CustomId",
                table: "CommunicationUsers",
                columns: new[] { "ResourceId", "CustomId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CommunicationRoleAssignments");

            migrationBuilder.DropTable(
                name: "CommunicationSigningKeys");

            migrationBuilder.DropTable(
                name: "CommunicationUsers");

            migrationBuilder.DropTable(
                name: "CommunicationResources");
        }
    }
}
