using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Switchboard.Chat.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ChatMeetings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "JoinWebUrl",
                table: "ChatThreads",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "OrganizerId",
                table: "ChatThreads",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ChatMeetings",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ThreadId = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizerName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    OrganizerUpn = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    JoinWebUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    JoinMeetingId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Passcode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attendees = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatMeetings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChatMeetings_ChatThreads_ThreadId",
                        column: x => x.ThreadId,
                        principalTable: "ChatThreads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChatMeetings_JoinMeetingId",
                table: "ChatMeetings",
                column: "JoinMeetingId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChatMeetings_OrganizerId",
                table: "ChatMeetings",
                column: "OrganizerId");

            migrationBuilder.CreateIndex(
                name: "IX_ChatMeetings_ThreadId",
                table: "ChatMeetings",
                column: "ThreadId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChatMeetings");

            migrationBuilder.DropColumn(
                name: "JoinWebUrl",
                table: "ChatThreads");

            migrationBuilder.DropColumn(
                name: "OrganizerId",
                table: "ChatThreads");
        }
    }
}
