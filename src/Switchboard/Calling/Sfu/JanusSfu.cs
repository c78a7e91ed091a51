using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Switchboard.Calling.Sfu;

/// <summary><see cref="ISfu"/> over Janus's VideoRoom plugin, one Janus session per room.</summary>
internal sealed class JanusSfu(JanusConnection connection, IHttpClientFactory httpClients, IOptions<CallingOptions> options, ILogger<JanusSfu> logger) : ISfu
{
    private readonly JanusOptions settings = options.Value.Janus;

    public bool IsAvailable => settings.Mode != JanusMode.Off && connection.Current is not null;

    public int Threshold => settings.SfuThreshold;

    public async Task<SfuResult<ISfuRoom>> OpenRoomAsync(string callId, CancellationToken cancellationToken)
    {
        if (settings.Mode == JanusMode.Off || connection.Current is not { } instance)
        {
            return SfuResult<ISfuRoom>.Fail(SfuErrorCode.Unavailable, "No SFU is running.");
        }

        var opened = await JanusSession.CreateAsync(httpClients.CreateClient(JanusSession.HttpClientName), instance, settings, cancellationToken);
        if (!opened.IsSuccess)
        {
            Log.RoomFailed(logger, callId, opened.Error!.Code, opened.Error.Message);
            return opened.Cast<ISfuRoom>();
        }

        var session = opened.Value;
        var control = await session.AttachAsync(_ => { }, cancellationToken);
        var roomId = RandomNumberGenerator.GetInt32(1, int.MaxValue) * 1024L + RandomNumberGenerator.GetInt32(1024);
        var (secret, pin) = (RandomNumberGenerator.GetHexString(32, lowercase: true), RandomNumberGenerator.GetHexString(16, lowercase: true));
        var created = control.IsSuccess
            ? await session.MessageAsync(control.Value, new CreateRoom(roomId, instance.AdminKey ?? "", "call " + callId, secret, pin, Publishers: 100, settings.TalkingLevel, settings.TalkingPackets), null, cancellationToken)
            : control.Cast<JanusMessage>();
        var error = created.IsSuccess ? VideoRoomError(created.Value) : created.Error;
        if (error is not null)
        {
            await session.DisposeAsync();
            Log.RoomFailed(logger, callId, error.Code, error.Message);
            return SfuResult<ISfuRoom>.Fail(error);
        }

        Log.RoomOpened(logger, callId, roomId);
        return SfuResult<ISfuRoom>.Ok(new JanusRoom(callId, roomId, secret, pin, session, control.Value, logger));
    }

    private static SfuError? VideoRoomError(JanusMessage message)
    {
        var data = message.Plugindata?.Data.Deserialize<VideoRoomData>(JanusJson.Options);
        return data switch
        {
            { Videoroom: "created" } => null,
            { ErrorCode: { } code } => new SfuError(SfuErrorCode.Refused, data.Error ?? "The VideoRoom refused to create the room.", code),
            _ => new SfuError(SfuErrorCode.Refused, "The VideoRoom did not create the room."),
        };
    }
}
