namespace EventTracking.Collector;

/// <summary>
/// What an app's <c>secret_key</c> must be. The original Attolytics took any string (its example schema suggests
/// <c>openssl rand -base64 24</c>, 32 characters); a short key can be guessed by anyone who can reach the route, so
/// the schema loader refuses one.
/// </summary>
internal static class AttolyticsSecretKeys
{
    /// <summary>The fewest characters (Unicode scalar values) a secret key may have.</summary>
    public const int MinLength = 16;

    /// <summary>
    /// Why <paramref name="secretKey"/> cannot be used, as a phrase that follows "the secret key", or
    /// <see langword="null"/> when it can. The phrase never quotes the key: it may end up in a log.
    /// </summary>
    /// <param name="secretKey">A non-empty key from the schema file.</param>
    public static string? Describe(string secretKey)
    {
        if (!LogText.IsLineSafe(secretKey))
        {
            return $"holds {LineSafeText.UnsafeKinds}; use printable characters only";
        }

        if (char.IsWhiteSpace(secretKey[0]) || char.IsWhiteSpace(secretKey[^1]))
        {
            return "begins or ends with white space, which is easily lost on the way to the client; remove it";
        }

        var length = CountCharacters(secretKey);
        return length < MinLength
            ? $"is {length} character{(length == 1 ? string.Empty : "s")} long; at least {MinLength} are required (generate one with: openssl rand -base64 24)"
            : null;
    }

    private static int CountCharacters(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
