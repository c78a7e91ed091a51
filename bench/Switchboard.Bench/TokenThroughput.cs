namespace Switchboard.Bench;

/// <summary>Token endpoint throughput against the RSA ceiling, and the diagnostic runs that split a grant's cost.</summary>
internal sealed record ThroughputResults(
    PairedResult ClientCredentials,
    PairedResult Refresh,
    IReadOnlyList<LoadResult> Diagnostics,
    IReadOnlyList<BaselineResult> SigningDetails)
{
    /// <summary>Every all-core signing slice of the run, as one.</summary>
    public BaselineResult Ceiling => BaselineResult.Combine(
        ClientCredentials.Baseline.Name, ClientCredentials.Rounds.Concat(Refresh.Rounds).Select(r => r.Baseline).ToList());

    /// <summary>CPU milliseconds of one signature (all-core ceiling slices: this process's CPU over its signatures).</summary>
    public double SignCpuMs => Ceiling.CpuMsPerOperation;
}

internal static class TokenThroughput
{
    public const int SignaturesPerClientCredentials = 1; // access token
    public const int SignaturesPerRefresh = 2; // access token + id token

    public static async Task<ThroughputResults> RunAsync(ServerProcess server, BenchOptions options, Action<string> progress)
    {
        var cores = Environment.ProcessorCount;
        using var client = BenchHttp.Create(server.BaseAddress, server.CaPath, options.Clients, TimeSpan.FromSeconds(30));
        BaselineResult Ceiling() => RsaCeiling.Measure(cores, TimeSpan.FromSeconds(0.3), options.BaselineDuration, "per-thread keys");

        var cc = await LoadRunner.RunPairedAsync(
            "client_credentials grant",
            server,
            Enumerable.Range(0, options.Clients).Select(_ => (ILoadWorker)new ClientCredentialsWorker(client)).ToList(),
            "RSA signs",
            Ceiling,
            SignaturesPerClientCredentials,
            options,
            progress);

        progress($"refresh_token: signing in {options.Clients} chains with the password grant (not measured)");
        var chains = Enumerable.Range(0, options.Clients).Select(i => new RefreshWorker(client, i)).ToList();
        foreach (var batch in chains.Chunk(cores))
        {
            await Task.WhenAll(batch.Select(c => c.SignInAsync()));
        }

        var refresh = await LoadRunner.RunPairedAsync(
            "refresh_token grant (chained)", server, chains, "RSA signs", Ceiling, SignaturesPerRefresh, options, progress);

        // Diagnostics: the same HTTPS keep-alive load on cheaper paths, to split a grant's server CPU into
        // HTTP/TLS, database and signing. Shorter windows: these explain, they are not the targets.
        var window = TimeSpan.FromSeconds(Math.Max(2, options.Duration.TotalSeconds / 2));
        var warmup = TimeSpan.FromSeconds(1.5); // the server is warm by now: these paths share its code
        var diagnostics = new List<LoadResult>();
        // Concurrency sweeps first: the same grants with fewer clients show what concurrency itself costs.
        var sweep = new List<(string Name, int Clients, Func<int, ILoadWorker> Make)>();
        foreach (var n in new[] { 1, cores, cores * 2 }.Distinct().Where(n => n < options.Clients))
        {
            sweep.Add(($"client_credentials grant, {n} client{(n == 1 ? "" : "s")}", n, _ => new ClientCredentialsWorker(client)));
        }

        // The grant runs' own client count once more, late in the run: separates "more clients" from "earlier, less warm".
        sweep.Add(($"client_credentials grant, {options.Clients} clients (again, late in the run)", options.Clients, _ => new ClientCredentialsWorker(client)));
        foreach (var n in new[] { 1, cores }.Distinct().Where(n => n < options.Clients))
        {
            sweep.Add(($"refresh_token grant (chained), {n} client{(n == 1 ? "" : "s")}", n, i => chains[i]));
        }

        sweep.Add(($"refresh_token grant (chained), {options.Clients} clients (again, late in the run)", options.Clients, i => chains[i]));

        foreach (var (name, clients, make) in sweep.Concat(new (string, int, Func<int, ILoadWorker>)[]
        {
            ("GET /common/discovery/instance (no directory, no signing)", options.Clients, _ => new GetWorker(client, "common/discovery/instance")),
            ("GET /organizations/v2.0/.well-known/openid-configuration (no tenant lookup)", options.Clients, _ => new GetWorker(client, "organizations/v2.0/.well-known/openid-configuration")),
            ("GET /{tenant id}/v2.0/.well-known/openid-configuration (tenant lookup)", options.Clients, _ => new GetWorker(client, $"{BenchSeed.TenantId}/v2.0/.well-known/openid-configuration")),
            ("POST token, refresh_token never issued → 400 (client + token lookups, no signing)", options.Clients, _ => new RejectedRefreshWorker(client)),
        }))
        {
            progress($"diagnostic: {name}");
            var result = await LoadRunner.RunAsync(name, server, Enumerable.Range(0, clients).Select(make).ToList(), warmup, window);
            progress($"  {result.PerSecond:0} req/s, server {result.ServerCpuMs:0.000} ms CPU/req");
            diagnostics.Add(result);
        }

        progress("signing details: one thread, one shared key, whole JWTs, key generation");
        var details = new List<BaselineResult>
        {
            RsaCeiling.Measure(1, TimeSpan.FromSeconds(0.3), options.BaselineDuration, "one thread"),
            RsaCeiling.MeasureSharedKey(cores, TimeSpan.FromSeconds(0.3), options.BaselineDuration),
            RsaCeiling.MeasureJwtMint(cores, TimeSpan.FromSeconds(0.3), options.BaselineDuration),
            RsaCeiling.MeasureKeyGeneration(options.BaselineDuration * 2),
        };

        return new ThroughputResults(cc, refresh, diagnostics, details);
    }
}
