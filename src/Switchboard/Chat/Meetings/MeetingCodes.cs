using System.Security.Cryptography;

namespace Switchboard.Chat.Meetings;

/// <summary>
/// The numbers people type to join: a meeting id of 12 to 15 digits and a 6-character passcode, both
/// from the cryptographic generator, since together they admit anyone to the meeting.
/// </summary>
internal static class MeetingCodes
{
    private const string PasscodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>No leading zero, so the id keeps its length wherever it is read as a number.</summary>
    public static string NewJoinMeetingId()
    {
        var length = RandomNumberGenerator.GetInt32(12, 16);
        return RandomNumberGenerator.GetString("123456789", 1) + RandomNumberGenerator.GetString("0123456789", length - 1);
    }

    /// <summary>Letters and digits without the look-alikes (0/O, 1/l/I), as Teams' passcodes.</summary>
    public static string NewPasscode() => RandomNumberGenerator.GetString(PasscodeAlphabet, 6);
}
