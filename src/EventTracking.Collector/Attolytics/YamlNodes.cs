using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EventTracking.Collector;

/// <summary>Typed access to YAML nodes that records a mistake, with its path and line, instead of throwing.</summary>
internal sealed class YamlNodes
{
    private readonly List<string> _errors = [];

    public YamlNodes(string file)
    {
        File = file;
    }

    /// <summary>The schema file's path, which begins every message.</summary>
    public string File { get; }

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>The path of a mapping's child: <c>tables.events</c>, or <c>apps['com.example.app']</c> when the key has dots.</summary>
    public static string Child(string path, string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? $"{path}.{key}" : $"{path}['{key}']";

    public static YamlNode? Optional(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

    public void Error(YamlNode node, string path, string message) =>
        _errors.Add(string.Create(CultureInfo.InvariantCulture, $"{File}: {path}: {message} (line {node.Start.Line}, column {node.Start.Column})"));

    /// <summary>A key that must be present and not null.</summary>
    public YamlNode? Required(YamlMappingNode mapping, string key, string path)
    {
        if (Optional(mapping, key) is { } value)
        {
            return value;
        }

        Error(mapping, path, $"'{key}' is required");
        return null;
    }

    /// <summary>A mapping whose keys, when <paramref name="allowedKeys"/> is given, are among them.</summary>
    public YamlMappingNode? Mapping(YamlNode? node, string path, string[]? allowedKeys)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(node, path, "must be a mapping (key: value lines)");
            return null;
        }

        foreach (var key in mapping.Children.Keys)
        {
            if (allowedKeys is not null && (key is not YamlScalarNode { Value: { } name } || !allowedKeys.Contains(name, StringComparer.Ordinal)))
            {
                Error(key, path, $"unknown key '{(key as YamlScalarNode)?.Value ?? key.ToString()}'; expected {string.Join(", ", allowedKeys.Where(k => k != "database_url"))}");
            }
        }

        return mapping;
    }

    public YamlSequenceNode? Sequence(YamlNode? node, string path)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlSequenceNode sequence)
        {
            return sequence;
        }

        Error(node, path, "must be a list");
        return null;
    }

    /// <summary>A non-empty scalar's text.</summary>
    public string? Text(YamlNode? node, string path)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlScalarNode { Value: { Length: > 0 } text })
        {
            Error(node, path, node is YamlScalarNode ? "must not be empty" : "must be a single value, not a list or mapping");
            return null;
        }

        return text;
    }

    /// <summary>A mapping key's text, such as a table name or an app id.</summary>
    public string? Key(YamlNode key, string path) => Text(key, path + " key");

    /// <summary><c>true</c> or <c>false</c>; absent is <see langword="false"/>.</summary>
    public bool Bool(YamlNode? node, string path)
    {
        if (node is null)
        {
            return false;
        }

        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text } && bool.TryParse(text, out var value))
        {
            return value;
        }

        Error(node, path, "must be true or false");
        return false;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };
}
