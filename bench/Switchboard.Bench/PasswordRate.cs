using Switchboard.Directory;

namespace Switchboard.Bench;

/// <summary>Password sign-ins end to end, against the server's own PBKDF2 verification run in-process.</summary>
internal static class PasswordRate
{
    public static async Task<PairedResult> RunAsync(ServerProcess server, BenchOptions options, Action<string> progress)
    {
        var cores = Environment.ProcessorCount;
        using var client = BenchHttp.Create(server.BaseAddress, server.CaPath, options.PasswordClients, TimeSpan.FromSeconds(60));
        return await LoadRunner.RunPairedAsync(
            "password grant (ROPC)",
            server,
            Enumerable.Range(0, options.PasswordClients).Select(i => (ILoadWorker)new PasswordWorker(client, i)).ToList(),
            "PBKDF2 verifications",
            () => MeasureRaw(cores, options),
            baselinePerGrant: 1, // one verification per sign-in
            options,
            progress,
            settle: false); // a few sign-ins per second: one-second rates cannot settle; the hash itself needs no tiering
    }

    /// <summary>The server's verification itself (same class, same stored format, same iterations), on every core.</summary>
    private static BaselineResult MeasureRaw(int threads, BenchOptions options)
        => InProcessRate.Measure($"PBKDF2-HMAC-SHA512 verify ({PasswordHasher.DefaultIterations:N0} it.), {threads} threads", threads, () =>
        {
            const string password = "Bench!Ada-Password1";
            var stored = PasswordHasher.Hash(password);
            return () =>
            {
                if (!PasswordHasher.Verify(password, stored))
                {
                    throw new InvalidOperationException("PasswordHasher.Verify rejected its own hash.");
                }
            };
        }, TimeSpan.FromSeconds(0.3), options.BaselineDuration);
}
