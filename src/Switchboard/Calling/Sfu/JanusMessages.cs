using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Calling.Sfu;

/// <summary>Janus's JSON: snake_case names, absent members left out.</summary>
internal static class JanusJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>A request to the Janus core (<c>create</c>, <c>attach</c>, <c>message</c>, <c>trickle</c>, <c>keepalive</c>, <c>detach</c>, <c>destroy</c>).</summary>
internal sealed record JanusRequest(string Janus, string Transaction)
{
    public string? Apisecret { get; init; }

    public string? Plugin { get; init; }

    public JsonElement? Body { get; init; }

    public JanusJsep? Jsep { get; init; }

    public JsonElement? Candidate { get; init; }
}

internal sealed record JanusJsep(string Type, string Sdp);

/// <summary>Anything Janus sends: replies (<c>success</c>, <c>ack</c>, <c>error</c>) and events (<c>event</c>, <c>webrtcup</c>, <c>hangup</c>, <c>trickle</c>, <c>media</c>, ...).</summary>
internal sealed record JanusMessage
{
    public string Janus { get; init; } = "";

    public string? Transaction { get; init; }

    public long? SessionId { get; init; }

    public long? Sender { get; init; }

    public JanusData? Data { get; init; }

    public JanusErrorBody? Error { get; init; }

    public JanusPluginData? Plugindata { get; init; }

    public JanusJsep? Jsep { get; init; }

    public JsonElement? Candidate { get; init; }

    public string? Reason { get; init; }
}

internal sealed record JanusData(long Id);

internal sealed record JanusErrorBody(int Code, string? Reason);

internal sealed record JanusPluginData(string? Plugin, JsonElement Data);

/// <summary>The VideoRoom plugin's answers and events (one record for all of them: each uses a few members).</summary>
internal sealed record VideoRoomData
{
    public string? Videoroom { get; init; }

    public long? Room { get; init; }

    public long? Id { get; init; }

    public int? ErrorCode { get; init; }

    public string? Error { get; init; }

    public bool? Exists { get; init; }

    public string? Configured { get; init; }

    public List<VideoRoomPublisher>? Publishers { get; init; }

    /// <summary>A feed id, or <c>"ok"</c> when it is this handle that unpublished.</summary>
    public JsonElement? Unpublished { get; init; }

    /// <summary>A feed id, or <c>"ok"</c> when it is this handle that left.</summary>
    public JsonElement? Leaving { get; init; }

    public List<VideoRoomStream>? Streams { get; init; }
}

internal sealed record VideoRoomPublisher(long Id, string? Display, List<VideoRoomStream>? Streams);

/// <summary>A stream as a publisher sees it (<c>type</c>, <c>mid</c>, <c>description</c>) or as a subscriber sees it (also <c>feed_*</c>, <c>active</c>).</summary>
internal sealed record VideoRoomStream
{
    public string? Type { get; init; }

    public string? Mid { get; init; }

    public string? Description { get; init; }

    public bool? Disabled { get; init; }

    public bool? Active { get; init; }

    public long? FeedId { get; init; }

    public string? FeedMid { get; init; }

    public string? FeedDescription { get; init; }
}

// VideoRoom requests (janus_videoroom.c's API header).
internal sealed record CreateRoom(long Room, string AdminKey, string Description, string Secret, string Pin, int Publishers, int AudioLevelAverage, int AudioActivePackets)
{
    public string Request { get; init; } = "create";

    public bool IsPrivate { get; init; } = true;


    public string Audiocodec { get; init; } = "opus";

    public string Videocodec { get; init; } = "vp8";

    public int Bitrate { get; init; } = 1_024_000;

    public bool AudiolevelEvent { get; init; } = true;


    public bool NotifyJoining { get; init; } = true;
}

internal sealed record RoomRequest(string Request, long Room, string? Secret = null);

internal sealed record PublisherJoin(long Room, long Id, string Display, string Pin)
{
    public string Request { get; init; } = "join";

    public string Ptype { get; init; } = "publisher";
}

/// <summary><c>publish</c> (first offer) or <c>configure</c> (renegotiation) with stream descriptions by mid.</summary>
internal sealed record PublishRequest(string Request, List<StreamDescription>? Descriptions);

internal sealed record StreamDescription(string Mid, string Description);

internal sealed record SubscriberJoin(long Room, string Pin, List<FeedRef> Streams)
{
    public string Request { get; init; } = "join";

    public string Ptype { get; init; } = "subscriber";
}

internal sealed record FeedRef(long Feed, string? Mid = null);

internal sealed record SubscriberUpdate(List<FeedRef>? Subscribe, List<FeedRef>? Unsubscribe)
{
    public string Request { get; init; } = "update";
}

internal sealed record SimpleRequest(string Request);
