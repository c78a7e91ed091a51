using Switchboard.Calling.Sfu;

namespace Switchboard.Calling.Calls;

/// <summary>
/// Chooses each call's media topology as people join: mesh, and from <see cref="ISfu.Threshold"/> people
/// (joined or ringing) the SFU while it is available. A call only ever moves mesh → SFU, never back; with
/// the SFU off or down it stays mesh.
/// </summary>
internal sealed class MediaTopologies(ISfu sfu)
{
    public ISfu Sfu => sfu;

    public bool ShouldMoveToSfu(Call call) => call.Topology is MeshTopology && sfu.IsAvailable && call.Present.Count() >= sfu.Threshold;
}
