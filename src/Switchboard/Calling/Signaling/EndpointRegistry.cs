using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Calling.Signaling;

/// <summary>Connected (and briefly detached) endpoints of this node, by id and by user.</summary>
internal sealed class EndpointRegistry
{
    private readonly ConcurrentDictionary<string, AgentConnection> byId = new();

    public void Add(AgentConnection endpoint) => byId[endpoint.Id] = endpoint;

    public void Remove(AgentConnection endpoint) => byId.TryRemove(endpoint.Id, out _);

    public AgentConnection? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>Every live endpoint of a user: all of them ring.</summary>
    public IReadOnlyList<AgentConnection> ForUser(string rawId)
        => byId.Values.Where(e => !e.IsClosed && string.Equals(e.Identity.RawId, rawId, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>A detached endpoint of the same identity whose resume token matches, compared in constant time.</summary>
    public AgentConnection? FindForResume(string resumeToken, string rawId)
    {
        var presented = Encoding.UTF8.GetBytes(resumeToken);
        return byId.Values.FirstOrDefault(e => !e.IsClosed && e.Identity.RawId == rawId
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(e.ResumeToken), presented));
    }
}
