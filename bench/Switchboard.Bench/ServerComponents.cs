using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Directory;
using Switchboard.Directory.Model;
using Switchboard.Hosting;
using Switchboard.Login;
using Switchboard.Login.Consent;
using Switchboard.Login.Scopes;
using Switchboard.Login.Storage;
using Switchboard.Login.Tokens;

namespace Switchboard.Bench;

/// <summary>One server step timed in-process: microseconds per call, and how often each grant makes it.</summary>
internal sealed record ComponentCost(string Name, double MedianMicroseconds, double MinMicroseconds, int PerClientCredentials, int PerRefresh);

/// <summary>
/// Diagnostic, not a target: the steps of the two grants called directly, one at a time on one
/// thread, through the server's own services (its DI container built in this process on the load
/// run's data folder; no Kestrel). Each step runs in a DI scope of its own, as a request would.
/// The cost is CPU time (this process's, so time the machine gave to others does not count) of the
/// cheapest of 15 batches — the one the noisy machine disturbed least — with the median beside it. Summed
/// per grant, they show how much of the server CPU per grant measured over HTTPS the grant logic
/// accounts for, and which steps dominate.
/// </summary>
internal static class ServerComponents
{
    private const string Origin = "https://127.0.0.1:5443";

    public static async Task<IReadOnlyList<ComponentCost>> MeasureAsync(string dataDirectory, Action<string> progress)
    {
        await using var app = SwitchboardApp.Build(
            ["--data", dataDirectory, "--seed", RepoPaths.Seed, "--urls", "https://127.0.0.1:0"],
            builder => builder.Logging.ClearProviders());
        var services = app.Services;
        var tenantId = Guid.Parse(BenchSeed.TenantId);
        var publicClientId = Guid.Parse(BenchSeed.PublicClientId);
        var daemonId = Guid.Parse(BenchSeed.DaemonClientId);

        // What the steps need, looked up once.
        Application daemon, publicClient, graph, acs;
        DirectoryUser user;
        Tenant tenant;
        ServicePrincipal daemonPrincipal;
        ScopeRequest userScopes;
        await using (var scope = services.CreateAsyncScope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<IDirectory>();
            daemon = (await directory.FindApplicationAsync(daemonId, default))!;
            publicClient = (await directory.FindApplicationAsync(publicClientId, default))!;
            graph = (await directory.FindResourceAsync(FirstPartyApplications.GraphResource, default))!;
            acs = (await directory.FindResourceAsync(FirstPartyApplications.CommunicationTeamsResource, default))!;
            user = (await directory.FindUserAsync(BenchSeed.Users[0].UserName, default))!;
            tenant = (await directory.GetTenantAsync(tenantId, default))!;
            daemonPrincipal = (await directory.FindServicePrincipalAsync(tenantId, daemonId, default))!;
            userScopes = (await scope.ServiceProvider.GetRequiredService<ScopeResolver>().ResolveAsync(BenchSeed.UserScopes, "organizations", default)).Request!;
        }

        var refreshTokens = new Queue<string>();

        var steps = new (string Name, int Cc, int Refresh, Func<IServiceProvider, int, Task> Op)[]
        {
            ("DI scope only (floor)", 0, 0, (_, _) => Task.CompletedTask),
            ("Authority /{tenant id}", 1, 0, (sp, _) => sp.GetRequiredService<AuthorityResolver>().ResolveAsync(BenchSeed.TenantId, default)),
            ("Authority /organizations", 0, 1, (sp, _) => sp.GetRequiredService<AuthorityResolver>().ResolveAsync("organizations", default)),
            ("FindApplicationAsync (client + secrets)", 1, 1, (sp, _) => sp.GetRequiredService<IDirectory>().FindApplicationAsync(daemonId, default)),
            ("FindResourceAsync by identifier URI", 1, 0, (sp, _) => sp.GetRequiredService<IDirectory>().FindResourceAsync(FirstPartyApplications.GraphResource, default)),
            ("FindResourceAsync by app id (comparison)", 0, 0, (sp, _) => sp.GetRequiredService<IDirectory>().FindResourceAsync(FirstPartyApplications.GraphAppId.ToString(), default)),
            ("FindServicePrincipalAsync", 2, 0, (sp, _) => sp.GetRequiredService<IDirectory>().FindServicePrincipalAsync(tenantId, daemonId, default)),
            ("GetAssignedAppRolesAsync", 1, 0, (sp, _) => sp.GetRequiredService<IDirectory>().GetAssignedAppRolesAsync(tenantId, daemonId, graph.AppId, default)),
            ("CreateAppAccessTokenAsync (claims + RS256)", 1, 0, (sp, _) => sp.GetRequiredService<TokenIssuer>().CreateAppAccessTokenAsync(
                new AppAccessTokenRequest(Origin, tenantId, daemon, daemonPrincipal.Id, graph, FirstPartyApplications.GraphResource, ["User.Read.All"], TokenIssuer.ClientSecret), default)),
            ("CreateRefreshTokenAsync (INSERT)", 0, 1, async (sp, _) => refreshTokens.Enqueue(await sp.GetRequiredService<GrantStore>().CreateRefreshTokenAsync(NewRecord(user, tenantId, publicClientId), default))),
            ("RedeemRefreshTokenAsync (SELECT + UPDATE)", 0, 1, async (sp, i) =>
            {
                var (record, error) = await sp.GetRequiredService<GrantStore>().RedeemRefreshTokenAsync(refreshTokens.Dequeue(), publicClientId, default);
                _ = record ?? throw new InvalidOperationException("Redeem failed: " + error);
            }),
            ("GetUserAsync", 0, 1, (sp, _) => sp.GetRequiredService<IDirectory>().GetUserAsync(user.Id, default)),
            ("GetTenantAsync", 0, 1, (sp, _) => sp.GetRequiredService<IDirectory>().GetTenantAsync(tenantId, default)),
            ("ScopeResolver.ResolveAsync (FindResourceAsync by identifier URI inside)", 0, 1, (sp, _) => sp.GetRequiredService<ScopeResolver>().ResolveAsync(BenchSeed.UserScopes, "organizations", default)),
            ("ConsentEvaluator.EvaluateAsync", 0, 1, (sp, _) => sp.GetRequiredService<ConsentEvaluator>().EvaluateAsync(user, tenant, publicClient, userScopes, default)),
            ("CreateUserAccessTokenAsync (claims + RS256)", 0, 1, (sp, _) => sp.GetRequiredService<TokenIssuer>().CreateUserAccessTokenAsync(
                new UserAccessTokenRequest(Origin, user, tenantId, publicClient, acs, FirstPartyApplications.CommunicationTeamsResource, ["Teams.ManageCalls", "Teams.ManageChats"], TokenIssuer.PublicClient, DateTimeOffset.UtcNow, "127.0.0.1"), default)),
            ("CreateIdTokenAsync (claims + RS256)", 0, 1, (sp, _) => sp.GetRequiredService<TokenIssuer>().CreateIdTokenAsync(Origin, user, tenantId, publicClient, null, null, default)),
        };

        // Two passes: the first lets tiered compilation finish the code the steps share (EF Core's query
        // pipeline, the JWT handler); only the second is reported.
        var results = new List<ComponentCost>();
        for (var pass = 0; pass < 2; pass++)
        {
            results.Clear();
            foreach (var (name, cc, refresh, op) in steps)
            {
                var (median, min) = await TimeAsync(services, op, name.StartsWith("RedeemRefreshToken", StringComparison.Ordinal) ? refreshTokens.Count : null);
                results.Add(new ComponentCost(name, median, min, cc, refresh));
            }
        }

        foreach (var result in results)
        {
            progress($"  {result.Name}: {result.MinMicroseconds:0} µs CPU (median batch {result.MedianMicroseconds:0})");
        }

        return results;
    }

    /// <summary>
    /// Warm-up, then batches of about 30 ms; returns the median and the cheapest batch's CPU microseconds per call.
    /// <paramref name="budget"/> caps the calls in all (a step that consumes what an earlier one made).
    /// </summary>
    private static async Task<(double Median, double Min)> TimeAsync(IServiceProvider services, Func<IServiceProvider, int, Task> op, int? budget)
    {
        const int batches = 15;
        var index = 0;
        async Task<double> Batch(int calls)
        {
            var start = ProcStats.PreciseCurrentProcessCpu();
            for (var i = 0; i < calls; i++)
            {
                await using var scope = services.CreateAsyncScope();
                await op(scope.ServiceProvider, index++);
            }

            return (ProcStats.PreciseCurrentProcessCpu() - start).TotalMicroseconds / calls;
        }

        int warmup = budget is { } b ? Math.Min(50, b / (batches + 1)) : 200;
        var perCall = await Batch(Math.Max(1, warmup));
        var size = (int)Math.Clamp(30_000 / Math.Max(perCall, 0.1), 1, 20_000);
        if (budget is { } limit)
        {
            size = Math.Max(1, Math.Min(size, (limit - index) / batches));
        }

        var times = new List<double>();
        for (var i = 0; i < batches; i++)
        {
            times.Add(await Batch(size));
        }

        return (RateEstimator.Median(times), times.Min());
    }

    private static RefreshTokenRecord NewRecord(DirectoryUser user, Guid tenantId, Guid clientId)
    {
        var now = DateTimeOffset.UtcNow;
        return new RefreshTokenRecord
        {
            Id = "",
            FamilyId = Guid.NewGuid(),
            ClientId = clientId,
            UserId = user.Id,
            TenantId = tenantId,
            Scope = BenchSeed.UserScopes,
            IsPublic = true,
            AuthTime = now,
            CreatedAt = now,
            ExpiresAt = now.AddDays(90),
        };
    }
}
