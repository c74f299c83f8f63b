namespace EventTracking;

/// <summary>One key of a redactor's path rules: the action for the field there, and the keys beneath it.</summary>
internal sealed class RedactionNode
{
    private const string Wildcard = "*";

    private Dictionary<string, RedactionNode>? _children;
    private RedactionNode? _any;

    /// <summary>The action for the field at this node, if a rule ends here.</summary>
    public RedactionAction? Action { get; set; }

    /// <summary>The node for <paramref name="key"/>, created if new; <c>*</c> is the node for any key.</summary>
    public RedactionNode Child(string key)
    {
        if (key == Wildcard)
        {
            return _any ??= new RedactionNode();
        }

        _children ??= new Dictionary<string, RedactionNode>(StringComparer.OrdinalIgnoreCase);
        if (!_children.TryGetValue(key, out var child))
        {
            _children[key] = child = new RedactionNode();
        }

        return child;
    }

    /// <summary>The node for <paramref name="key"/>, an exact name before the wildcard; null when no rule goes there.</summary>
    public RedactionNode? Find(string key) =>
        _children is not null && _children.TryGetValue(key, out var child) ? child : _any;
}
