using EventTracking;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EventTracking.Collector;

/// <summary>
/// Reads an Attolytics schema file (YAML: <c>tables</c> with typed columns, <c>apps</c> with secret keys, origins and
/// tables) and checks it whole, so a mistake stops the host before the first request instead of answering it.
/// </summary>
/// <remarks>
/// Every mistake found is reported at once; each message begins with the file and the path inside it, such as
/// <c>schema.yaml: tables.events.columns[2].type: unknown type 'int'</c>, and ends with the line and column.
/// </remarks>
internal static class AttolyticsSchemaLoader
{
    /// <summary>Loads the schema file at <paramref name="path"/>.</summary>
    /// <exception cref="EventTrackingConfigurationException">The file cannot be read or is not a valid schema.</exception>
    public static AttolyticsSchema Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        string yaml;
        try
        {
            yaml = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new EventTrackingConfigurationException($"Attolytics schema file '{fullPath}' could not be read: {ex.Message}", ex);
        }

        return Parse(yaml, fullPath);
    }

    /// <summary>Parses schema text; <paramref name="path"/> names the file in messages.</summary>
    /// <exception cref="EventTrackingConfigurationException">The text is not a valid schema.</exception>
    public static AttolyticsSchema Parse(string yaml, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new EventTrackingConfigurationException(
                $"Attolytics schema file '{path}' is not valid YAML: {ex.Message} (line {ex.Start.Line}, column {ex.Start.Column})", ex);
        }

        if (stream.Documents.Count != 1)
        {
            throw new EventTrackingConfigurationException(
                $"Attolytics schema file '{path}' must hold exactly one YAML document with 'tables' and 'apps', not {stream.Documents.Count}.");
        }

        var reader = new AttolyticsSchemaReader(path);
        var schema = reader.Read(stream.Documents[0].RootNode);
        if (reader.Errors.Count > 0)
        {
            throw new EventTrackingConfigurationException(reader.Errors);
        }

        return schema!;
    }
}
