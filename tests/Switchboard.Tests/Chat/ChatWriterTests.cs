using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Chat.Model;
using Switchboard.Chat.Storage;
using Switchboard.Chat.Writing;
using Switchboard.Tests.Infrastructure;

namespace Switchboard.Tests.Chat;

/// <summary>The group-commit writer: requests share commits, and one that throws fails alone.</summary>
[Collection(ServerCollection.Name)]
public sealed class ChatWriterTests(SharedServer shared)
{
    [Fact]
    public async Task A_throwing_write_fails_alone_and_its_neighbours_are_stored()
    {
        var writer = shared.Server.Services.GetRequiredService<ChatWriter>();
        var prefix = "19:writer" + Guid.NewGuid().ToString("N")[..8];
        var writes = Enumerable.Range(0, 40).Select(i => i == 20
            ? writer.WriteAsync<bool>((_, _, _) => throw new InvalidOperationException("a bug in one request"), CancellationToken.None)
            : writer.WriteAsync((db, scope, _) =>
            {
                db.Chats.Add(new ChatThread { Id = $"{prefix}-{i}@thread.v2", Type = ChatType.Group, CreatedAt = scope.Now, LastUpdatedAt = scope.Now, LastActivityAt = scope.Now });
                return Task.FromResult(true);
            }, CancellationToken.None)).ToList();

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[20]);
        Assert.Equal("a bug in one request", failed.Message);
        foreach (var write in writes.Where((_, i) => i != 20))
        {
            Assert.True(await write);
        }

        using var scope = shared.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDb>();
        Assert.Equal(39, await db.Chats.CountAsync(c => c.Id.StartsWith(prefix)));
    }
}
