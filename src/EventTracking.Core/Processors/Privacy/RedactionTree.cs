namespace EventTracking;

/// <summary>A redactor's rules compiled into a tree of path nodes per section, plus the key names matched at any depth.</summary>
internal sealed class RedactionTree
{
    public RedactionTree(IEnumerable<RedactionRule> rules)
    {
        var index = 0;
        foreach (var rule in rules)
        {
            var what = $"Rules[{index++}]";
            if (rule is null)
            {
                throw new ArgumentException($"{what} is null.", nameof(rules));
            }

            if (!Enum.IsDefined(rule.Action))
            {
                throw new ArgumentException($"{what}.Action '{rule.Action}' is not a redaction action; use Drop, Mask, Hash or TruncateIp.", nameof(rules));
            }

            if ((rule.Field is null) == (rule.Path is null))
            {
                throw new ArgumentException($"{what} must name exactly one of Field (a key at any depth) or Path (such as 'context.user_id').", nameof(rules));
            }

            if (rule.Field is not null)
            {
                if (string.IsNullOrWhiteSpace(rule.Field))
                {
                    throw new ArgumentException($"{what}.Field is empty.", nameof(rules));
                }

                Fields[rule.Field] = rule.Action;
            }
            else
            {
                var path = FieldPath.Parse(rule.Path, $"{what}.Path");
                var node = path.InContext ? Context : Data;
                foreach (var key in path.Keys)
                {
                    node = node.Child(key);
                }

                node.Action = rule.Action;
            }

            Hashes |= rule.Action == RedactionAction.Hash;
        }
    }

    /// <summary>The root of the path rules under <c>context</c>.</summary>
    public RedactionNode Context { get; } = new();

    /// <summary>The root of the path rules under <c>data</c>.</summary>
    public RedactionNode Data { get; } = new();

    /// <summary>Key names matched at any depth.</summary>
    public Dictionary<string, RedactionAction> Fields { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether any rule hashes, so a secret is required.</summary>
    public bool Hashes { get; }
}
