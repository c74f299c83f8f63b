namespace EventTracking;

/// <summary>
/// One rule of a <see cref="Redactor"/>: which field (<see cref="Field"/>, a key name at any depth, or
/// <see cref="Path"/>, a dotted path from <c>context</c> or <c>data</c>) and what to do with it.
/// </summary>
/// <remarks>
/// Names compare ignoring case, so <c>Password</c> is caught by a rule for <c>password</c>. A path walks through lists
/// (<c>data.items.email</c> reaches the <c>email</c> of every item of the list <c>data.items</c>), and a <c>*</c>
/// segment stands for any key. When a path rule and a field rule name the same field, the path rule wins.
/// </remarks>
public sealed class RedactionRule
{
    /// <summary>A key name matched at every depth of both <c>context</c> and <c>data</c>, such as <c>password</c>.</summary>
    public string? Field { get; set; }

    /// <summary>A dotted path whose first segment is <c>context</c> or <c>data</c>, such as <c>context.user_id</c>.</summary>
    public string? Path { get; set; }

    /// <summary>What to do with the field; <see cref="RedactionAction.Drop"/> unless told otherwise.</summary>
    public RedactionAction Action { get; set; }

    /// <summary>A rule for a dotted path.</summary>
    /// <param name="path">Such as <c>context.user_id</c> or <c>data.user.email</c>.</param>
    /// <param name="action">What to do with it.</param>
    /// <returns>The rule.</returns>
    public static RedactionRule ForPath(string path, RedactionAction action) => new() { Path = path, Action = action };

    /// <summary>A rule for a key name, at any depth of context and data.</summary>
    /// <param name="field">Such as <c>password</c>.</param>
    /// <param name="action">What to do with it.</param>
    /// <returns>The rule.</returns>
    public static RedactionRule ForField(string field, RedactionAction action) => new() { Field = field, Action = action };
}
