using System.Text.Json;

namespace EventTracking;

/// <summary>
/// What <see cref="ContextFrame.ForEach{TVisitor}"/> hands each merged pair to. A struct passed by reference, so the walk
/// calls it directly (no delegate) and it can keep state (a count, a writer) without allocating.
/// </summary>
internal interface IPairVisitor
{
    /// <summary>One merged pair, in enumeration order.</summary>
    /// <param name="key">The key.</param>
    /// <param name="encodedKey">The key as JSON when it is a flat anonymous object's plain property name; otherwise <see langword="null"/>.</param>
    /// <param name="value">The value, left in its anonymous object where it is one.</param>
    void Visit(string key, JsonEncodedText? encodedKey, FieldValue value);
}
