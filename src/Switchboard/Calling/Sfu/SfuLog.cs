namespace Switchboard.Calling.Sfu;

/// <summary>The SFU's log lines. Never secrets, keys, pins or SDP.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Janus started (process {ProcessId}, API on 127.0.0.1:{Port}).")]
    public static partial void JanusStarted(ILogger logger, int processId, int port);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "Janus (process {ProcessId}) exited with code {ExitCode}; restarting it. Its rooms are lost.")]
    public static partial void JanusExited(ILogger logger, int processId, int exitCode);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Error, Message = "Janus could not be started from {Executable}; calls stay peer to peer. Retrying.")]
    public static partial void JanusStartFailed(ILogger logger, string executable, Exception? exception);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Error, Message = "Janus did not answer /info within {Timeout}; see {LogFile}.")]
    public static partial void JanusNotReady(ILogger logger, TimeSpan timeout, string logFile);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Information, Message = "SFU room {RoomId} opened for call {CallId}.")]
    public static partial void RoomOpened(ILogger logger, string callId, long roomId);

    [LoggerMessage(EventId = 5306, Level = LogLevel.Warning, Message = "SFU room for call {CallId} could not be opened: {Code} {Reason}.")]
    public static partial void RoomFailed(ILogger logger, string callId, SfuErrorCode code, string reason);

    [LoggerMessage(EventId = 5307, Level = LogLevel.Information, Message = "SFU room for call {CallId} closed (destroyed on Janus: {Destroyed}).")]
    public static partial void RoomClosed(ILogger logger, string callId, bool destroyed);

    [LoggerMessage(EventId = 5308, Level = LogLevel.Warning, Message = "SFU room for call {CallId} lost: {Reason}")]
    public static partial void RoomLost(ILogger logger, string callId, string reason);

    [LoggerMessage(EventId = 5309, Level = LogLevel.Debug, Message = "Participant {ParticipantKey} published in call {CallId}'s SFU room: {Succeeded}.")]
    public static partial void Published(ILogger logger, string callId, string participantKey, bool succeeded);

    [LoggerMessage(EventId = 5310, Level = LogLevel.Debug, Message = "Participant {ParticipantKey} left call {CallId}'s SFU room.")]
    public static partial void Left(ILogger logger, string callId, string participantKey);

    [LoggerMessage(EventId = 5311, Level = LogLevel.Debug, Message = "Janus: {Line}")]
    public static partial void JanusOutput(ILogger logger, string line);
}
