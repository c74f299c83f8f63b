namespace EventTracking;

/// <summary>
/// One erasure request as a store receives it: the user's id, the values that identify the user (the id and its
/// keyed hash under each secret), and the fields that may hold them.
/// </summary>
public sealed class UserErasure
{
    /// <summary>Prepares an erasure.</summary>
    /// <param name="userId">The user's id as the application records it, such as <c>10938</c>.</param>
    /// <param name="options">Fields and secrets; <see langword="null"/> for <c>context.user_id</c> and no hashes.</param>
    /// <exception cref="ArgumentException">The id is empty, a field is not a plain dotted path from <c>context</c> or
    /// <c>data</c>, or a secret is shorter than 16 bytes; the message names it.</exception>
    public UserErasure(string userId, UserErasureOptions? options = null)
        : this(userId, options, [])
    {
    }

    internal UserErasure(string userId, UserErasureOptions? options, IEnumerable<string> moreSecrets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        options ??= new UserErasureOptions();
        UserId = userId;
        var paths = (options.Fields ?? []).Select((f, i) => ParseField(f, i)).ToArray();
        if (paths.Length == 0)
        {
            throw new ArgumentException("UserErasureOptions.Fields is empty; name at least one field that holds a user id, such as 'context.user_id'.", nameof(options));
        }

        Paths = paths;
        Fields = paths.Select(p => p.Text).Distinct(StringComparer.Ordinal).ToArray();
        var values = new List<string> { userId };
        foreach (var secret in (options.Secrets ?? []).Concat(moreSecrets).Distinct(StringComparer.Ordinal))
        {
            values.Add(KeyedHash.Compute(KeyedHash.SecretBytes(secret, "UserErasureOptions.Secrets"), userId));
        }

        Values = values.Distinct(StringComparer.Ordinal).ToArray();
        IntegerValue = long.TryParse(userId, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number.ToString(System.Globalization.CultureInfo.InvariantCulture) == userId
            ? number
            : null;
    }

    /// <summary>The user's id.</summary>
    public string UserId { get; }

    /// <summary>
    /// The texts that identify the user: <see cref="UserId"/> first, then its keyed hash under each secret. A store
    /// deletes an event when a field holds one of them (a number is compared by its text).
    /// </summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>The id as a number when it is an integer's canonical text (<c>10938</c>), so stores that keep numbers
    /// typed (MongoDB) match it as a number too; otherwise <see langword="null"/>.</summary>
    public long? IntegerValue { get; }

    /// <summary>Dotted paths that may hold the id, such as <c>context.user_id</c>; each segment is letters, digits,
    /// <c>_</c>, <c>-</c> or <c>:</c>.</summary>
    public IReadOnlyList<string> Fields { get; }

    internal IReadOnlyList<FieldPath> Paths { get; }

    private static FieldPath ParseField(string? field, int index)
    {
        var what = $"UserErasureOptions.Fields[{index}]";
        var path = FieldPath.Parse(field, what);
        foreach (var key in path.Keys)
        {
            if (!key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ':'))
            {
                throw new ArgumentException($"{what} '{field}' has the segment '{key}'; erasure fields use letters, digits, '_', '-' and ':' only.", nameof(field));
            }
        }

        return path;
    }
}
