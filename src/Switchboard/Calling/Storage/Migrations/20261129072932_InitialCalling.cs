using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Switchboard.Calling.Storage.Migrations
{
    /// <inheritdoc />
    public partial class InitialCalling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CallForwarding",
                columns: table => new
                {
                    RawId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Immediate = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Unanswered = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UnansweredAfterSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    Busy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallForwarding", x => x.RawId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CallForwarding");
        }
    }
}
