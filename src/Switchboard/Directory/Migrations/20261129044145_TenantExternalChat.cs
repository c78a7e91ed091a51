using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Switchboard.Directory.Migrations
{
    /// <inheritdoc />
    public partial class TenantExternalChat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ExternalChatAllowed",
                table: "DirectoryTenants",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExternalChatAllowed",
                table: "DirectoryTenants");
        }
    }
}
