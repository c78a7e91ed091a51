using Microsoft.Extensions.Options;

namespace Switchboard.Calling.Calls;

/// <summary>
/// Chooses each call's media topology as people join: mesh, or from <c>Calling:SfuThreshold</c> joined
/// participants the SFU topology once one is registered (<c>services.AddSingleton&lt;IMediaTopology, …&gt;()</c>
/// with <see cref="IMediaTopology.Name"/> <c>sfu</c>). A call only ever moves mesh → SFU, never back.
/// </summary>
internal sealed class MediaTopologies(IOptionsMonitor<CallingOptions> options, IEnumerable<IMediaTopology> registered)
{
    private readonly IMediaTopology? sfu = registered.FirstOrDefault(t => t.Name == "sfu");

    public IMediaTopology For(Call call)
        => call.Topology != MeshTopology.Instance || sfu is null || call.Joined.Count() < options.CurrentValue.SfuThreshold ? call.Topology : sfu;
}
