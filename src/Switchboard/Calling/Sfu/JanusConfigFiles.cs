using System.Globalization;
using System.Text;

namespace Switchboard.Calling.Sfu;

/// <summary>
/// The configuration folder a launched Janus runs from: the core with an API secret, only the plain HTTP
/// transport on 127.0.0.1 (no WebSockets, no admin API), only the VideoRoom plugin (with an admin key and
/// no demo rooms), no event handlers or loggers. Every other plugin or transport Janus ships is disabled by
/// name, so a package upgrade that adds one does not expose it.
/// </summary>
internal static class JanusConfigFiles
{
    private const string VideoRoomPlugin = "libjanus_videoroom.so";
    private const string HttpTransport = "libjanus_http.so";

    public static void Write(string folder, string libraryFolder, int port, string apiSecret, string adminKey, JanusOptions options)
    {
        System.IO.Directory.CreateDirectory(folder);
        var plugins = Path.Combine(libraryFolder, "plugins");
        var transports = Path.Combine(libraryFolder, "transports");
        var core = $$"""
            general: {
                configs_folder = {{Quote(folder)}}
                plugins_folder = {{Quote(plugins)}}
                transports_folder = {{Quote(transports)}}
                events_folder = {{Quote(Path.Combine(libraryFolder, "events"))}}
                loggers_folder = {{Quote(Path.Combine(libraryFolder, "loggers"))}}
                debug_level = 4
                api_secret = {{Quote(apiSecret)}}
                session_timeout = 60
                server_name = "Switchboard SFU"
            }
            media: {
                rtp_port_range = {{Quote(options.RtpPortRange)}}
            }
            nat: {
                # No STUN/TURN: Janus answers with its host candidates. libnice skips loopback, so the host needs a
                # non-loopback address reachable by the browsers (for tests on one machine, any private address).
                ice_ignore_list = "vmnet"
            }
            plugins: {
                disable = {{Quote(Disabled(plugins, VideoRoomPlugin))}}
            }
            transports: {
                disable = {{Quote(Disabled(transports, HttpTransport))}}
            }
            loggers: {
                disable = {{Quote(Disabled(Path.Combine(libraryFolder, "loggers"), null))}}
            }
            events: {
                broadcast = false
                disable = {{Quote(Disabled(Path.Combine(libraryFolder, "events"), null))}}
            }
            """;
        var http = $$"""
            general: {
                json = "plain"
                base_path = "/janus"
                http = true
                ip = "127.0.0.1"
                port = {{port.ToString(CultureInfo.InvariantCulture)}}
                https = false
            }
            admin: {
                admin_http = false
                admin_https = false
            }
            """;
        var videoRoom = $$"""
            general: {
                admin_key = {{Quote(adminKey)}}
                lock_rtp_forward = true
            }
            """;
        WritePrivate(Path.Combine(folder, "janus.jcfg"), core);
        WritePrivate(Path.Combine(folder, "janus.transport.http.jcfg"), http);
        WritePrivate(Path.Combine(folder, "janus.plugin.videoroom.jcfg"), videoRoom);
    }

    /// <summary>Debian puts Janus's modules in <c>/usr/lib/&lt;triplet&gt;/janus</c>; the triplet depends on the architecture.</summary>
    public static string? FindLibraryFolder(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        string[] roots = ["/usr/lib", "/usr/local/lib", "/opt/janus/lib"];
        return roots.Where(System.IO.Directory.Exists)
            .SelectMany(root => System.IO.Directory.GetDirectories(root).Append(root))
            .Select(dir => Path.Combine(dir, "janus"))
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "plugins", VideoRoomPlugin)));
    }

    private static string Disabled(string folder, string? keep)
        => !System.IO.Directory.Exists(folder) ? "" : string.Join(',', System.IO.Directory.GetFiles(folder, "libjanus_*.so")
            .Select(Path.GetFileName)
            .Where(name => name != keep)
            .Order(StringComparer.Ordinal));

    private static void WritePrivate(string path, string text)
    {
        // The files hold the API secret and the admin key: readable by this user only.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(text + "\n"));
    }

    /// <summary>A libconfig string literal.</summary>
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
