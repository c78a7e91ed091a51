using Microsoft.Extensions.Options;

namespace Switchboard.Calling.Sfu;

/// <summary>
/// The Janus instance the server currently talks to. In launch mode the launcher brings it up and down with
/// the process; in connect mode it is the configured URL for the server's lifetime.
/// </summary>
internal sealed class JanusConnection
{
    private JanusInstance? current;

    public JanusConnection(IOptions<CallingOptions> options)
    {
        var janus = options.Value.Janus;
        if (janus.Mode == JanusMode.Connect && !string.IsNullOrEmpty(janus.Url))
        {
            current = new JanusInstance(new Uri(janus.Url.TrimEnd('/') + "/"), janus.ApiSecret, janus.AdminKey);
        }
    }

    public JanusInstance? Current => Volatile.Read(ref current);

    public void Up(JanusInstance instance) => Interlocked.Exchange(ref current, instance)?.MarkGone();

    public void Down() => Interlocked.Exchange(ref current, null)?.MarkGone();
}

/// <summary>One running Janus: its API root (ending in <c>/</c>), secrets, and a token cancelled when it goes away.</summary>
#pragma warning disable CA1001 // Lives as long as its Janus process: cancelled when it goes, never disposed, as sessions may still read the token.
internal sealed class JanusInstance(Uri api, string? apiSecret, string? adminKey)
{
    private readonly CancellationTokenSource gone = new();

    public Uri Api { get; } = api;

    public string? ApiSecret { get; } = apiSecret;

    public string? AdminKey { get; } = adminKey;

    /// <summary>Cancelled when this Janus process exits or is replaced: every session on it is gone.</summary>
    public CancellationToken Gone => gone.Token;

    public void MarkGone()
    {
        try
        {
            gone.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
#pragma warning restore CA1001
