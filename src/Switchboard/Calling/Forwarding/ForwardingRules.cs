using Microsoft.EntityFrameworkCore;
using Switchboard.Calling.Storage;

namespace Switchboard.Calling.Forwarding;

/// <summary>Forwarding settings in the calling service's table, one row per user who has any.</summary>
internal sealed partial class ForwardingRules(IServiceScopeFactory scopes, TimeProvider time, ILogger<ForwardingRules> logger) : IForwardingRules
{
    public async Task<ForwardingSettings> GetAsync(string rawId, CancellationToken cancellationToken)
    {
        var key = ForwardingTargets.Canonical(rawId) ?? rawId;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallingDb>();
        var row = await db.Forwarding.AsNoTracking().FirstOrDefaultAsync(f => f.RawId == key, cancellationToken);
        return row is null ? ForwardingSettings.None : new ForwardingSettings(row.Immediate, row.Unanswered, TimeSpan.FromSeconds(row.UnansweredAfterSeconds), row.Busy);
    }

    /// <summary>Replaces the user's settings; settings without any target remove the row.</summary>
    public async Task SetAsync(string rawId, ForwardingSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(rawId, settings, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two first writes for the same user raced on the primary key; the second now finds the row.
            await WriteAsync(rawId, settings, cancellationToken);
        }

        LogChanged(logger, rawId, settings.Immediate is not null, settings.Unanswered is not null, settings.Busy is not null);
    }

    private async Task WriteAsync(string rawId, ForwardingSettings settings, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallingDb>();
        var row = await db.Forwarding.FirstOrDefaultAsync(f => f.RawId == rawId, cancellationToken);
        if (settings.Immediate is null && settings.Unanswered is null && settings.Busy is null)
        {
            if (row is not null)
            {
                db.Forwarding.Remove(row);
            }
        }
        else
        {
            if (row is null)
            {
                row = new ForwardingRecord { RawId = rawId };
                db.Forwarding.Add(row);
            }

            row.Immediate = settings.Immediate;
            row.Unanswered = settings.Unanswered;
            row.UnansweredAfterSeconds = (int)settings.UnansweredAfter.TotalSeconds;
            row.Busy = settings.Busy;
            row.UpdatedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Call forwarding of {RawId} set (immediate: {Immediate}, unanswered: {Unanswered}, busy: {Busy}).")]
    private static partial void LogChanged(ILogger logger, string rawId, bool immediate, bool unanswered, bool busy);
}
