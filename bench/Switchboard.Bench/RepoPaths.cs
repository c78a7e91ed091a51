namespace Switchboard.Bench;

/// <summary>Where the repository, the built server and the benchmark seed are.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this bench was built in; building the bench builds the server in the same one.</summary>
#if DEBUG
    public const string Configuration = "Debug";
#else
    public const string Configuration = "Release";
#endif

    public static string DefaultServerDll => Path.Combine(Root, "src", "Switchboard", "bin", Configuration, "net10.0", "Switchboard.dll");

    public static string DefaultReport => Path.Combine(Root, "bench", "results", "latest.md");

    /// <summary>Copied next to the bench binary by the project file.</summary>
    public static string Seed => Path.Combine(AppContext.BaseDirectory, "bench-seed.json");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Switchboard.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Switchboard.slnx) above the bench binary or the current directory.");
    }
}
