namespace Switchboard.Hosting;

/// <summary>
/// The seed's JSON text: the file given with <c>--seed</c>, or the built-in demo directory. Each service
/// reads its own sections from it (Directory: tenants, apps, grants; Communication: communicationResources).
/// </summary>
internal static class SeedSource
{
    public static string ReadJson(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            using var stream = typeof(SeedSource).Assembly.GetManifestResourceStream("Switchboard.demo-seed.json")
                ?? throw new InvalidOperationException("The built-in demo seed is missing from the assembly.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Seed file '{Path.GetFullPath(path)}' does not exist. Pass --seed with a path to a JSON seed (docs/seed.md).");
        }

        return File.ReadAllText(path);
    }
}
