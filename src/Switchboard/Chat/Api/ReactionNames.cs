namespace Switchboard.Chat.Api;

/// <summary>Teams' legacy reaction names and the emoji they stand for; any other text must be one emoji.</summary>
internal static class ReactionNames
{
    private static readonly Dictionary<string, (string Emoji, string Name)> Legacy = new(StringComparer.OrdinalIgnoreCase)
    {
        ["like"] = ("👍", "Like"),
        ["heart"] = ("❤️", "Heart"),
        ["laugh"] = ("😆", "Laugh"),
        ["surprised"] = ("😮", "Surprised"),
        ["sad"] = ("😢", "Sad"),
        ["angry"] = ("😡", "Angry"),
    };

    public static string? DisplayName(string reactionType)
        => Legacy.TryGetValue(reactionType, out var legacy) ? legacy.Name : Legacy.Values.FirstOrDefault(l => l.Emoji == reactionType).Name;

    /// <summary>A legacy name (normalised to lower case), or a short run of non-letter text such as an emoji sequence.</summary>
    public static bool TryNormalize(string? value, out string reactionType)
    {
        reactionType = value?.Trim() ?? string.Empty;
        if (reactionType.Length == 0)
        {
            return false;
        }

        if (Legacy.ContainsKey(reactionType))
        {
            reactionType = reactionType.ToLowerInvariant();
            return true;
        }

        return reactionType.Length <= 32 && !reactionType.Any(char.IsLetterOrDigit) && !reactionType.Any(char.IsWhiteSpace);
    }
}
