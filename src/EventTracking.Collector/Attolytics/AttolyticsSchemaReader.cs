using YamlDotNet.RepresentationModel;

namespace EventTracking.Collector;

/// <summary>Walks a schema document, building the schema and collecting every mistake with its path and line.</summary>
internal sealed class AttolyticsSchemaReader
{
    // The original's schema files carried the database URL beside the tables; the stores are EventTracking's now.
    private static readonly string[] RootKeys = ["tables", "apps", "database_url"];
    private static readonly string[] TableKeys = ["columns"];
    private static readonly string[] ColumnKeys = ["name", "type", "header", "required", "indexed"];
    private static readonly string[] AppKeys = ["secret_key", "access_control_allow_origin", "tables"];

    private readonly YamlNodes _nodes;

    public AttolyticsSchemaReader(string path)
    {
        _nodes = new YamlNodes(path);
    }

    public IReadOnlyList<string> Errors => _nodes.Errors;

    /// <returns>The schema; meaningful only when <see cref="Errors"/> is empty.</returns>
    public AttolyticsSchema? Read(YamlNode root)
    {
        var mapping = _nodes.Mapping(root, "(root)", RootKeys);
        if (mapping is null)
        {
            return null;
        }

        var tables = new Dictionary<string, AttolyticsTable>(StringComparer.Ordinal);
        if (_nodes.Mapping(_nodes.Required(mapping, "tables", "(root)"), "tables", allowedKeys: null) is { } tablesNode)
        {
            foreach (var (key, value) in tablesNode.Children)
            {
                var name = _nodes.Key(key, "tables");
                if (name is not null && EventNames.Describe(name) is { } badName)
                {
                    // A table's name becomes the name of its events.
                    _nodes.Error(key, "tables", LogText.Escape(badName));
                    continue;
                }

                if (name is not null && ReadTable(name, value, YamlNodes.Child("tables", name)) is { } table)
                {
                    tables[name] = table;
                }
            }
        }

        var apps = new Dictionary<string, AttolyticsApp>(StringComparer.Ordinal);
        if (_nodes.Mapping(_nodes.Required(mapping, "apps", "(root)"), "apps", allowedKeys: null) is { } appsNode)
        {
            foreach (var (key, value) in appsNode.Children)
            {
                var id = _nodes.Key(key, "apps");
                if (id is not null && (!LogText.IsLineSafe(id) || id.Contains('/', StringComparison.Ordinal)))
                {
                    // The id is a path segment of /apps/{app_id}/events and goes into every event and log line of the app.
                    _nodes.Error(key, "apps", $"app id '{LogText.Escape(id)}' holds a '/', {LineSafeText.UnsafeKinds}, so no request could name it");
                    continue;
                }

                if (id is not null && ReadApp(id, value, YamlNodes.Child("apps", id), tables) is { } app)
                {
                    apps[id] = app;
                }
            }
        }

        var headers = tables.Values.SelectMany(t => t.Columns).Select(c => c.Header).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToArray();
        return new AttolyticsSchema(_nodes.File, apps, headers);
    }

    private AttolyticsTable? ReadTable(string name, YamlNode node, string path)
    {
        if (_nodes.Mapping(node, path, TableKeys) is not { } table
            || _nodes.Sequence(_nodes.Required(table, "columns", path), path + ".columns") is not { } columnsNode)
        {
            return null;
        }

        var columns = new List<AttolyticsColumn>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < columnsNode.Children.Count; i++)
        {
            var columnPath = $"{path}.columns[{i}]";
            if (ReadColumn(columnsNode.Children[i], columnPath) is not { } column)
            {
                continue;
            }

            if (!names.Add(column.Name))
            {
                _nodes.Error(columnsNode.Children[i], columnPath + ".name", $"duplicate column '{column.Name}' in table '{name}'");
                continue;
            }

            columns.Add(column);
        }

        return new AttolyticsTable(name, columns);
    }

    private AttolyticsColumn? ReadColumn(YamlNode node, string path)
    {
        if (_nodes.Mapping(node, path, ColumnKeys) is not { } column)
        {
            return null;
        }

        var errors = _nodes.Errors.Count;
        var name = _nodes.Text(_nodes.Required(column, "name", path), path + ".name");
        if (name == "_t")
        {
            _nodes.Error(column, path + ".name", "'_t' names the table of each event and cannot be a column");
        }

        var type = AttolyticsColumnType.String;
        if (YamlNodes.Optional(column, "type") is { } typeNode && _nodes.Text(typeNode, path + ".type") is { } typeName)
        {
            if (ParseType(typeName) is { } parsed)
            {
                type = parsed;
            }
            else
            {
                _nodes.Error(typeNode, path + ".type", $"unknown type '{typeName}'; expected one of bool, i32, i64, f32, f64, string, timestamp");
            }
        }

        string? header = null;
        if (YamlNodes.Optional(column, "header") is { } headerNode)
        {
            header = _nodes.Text(headerNode, path + ".header");
            if (header is not null && type != AttolyticsColumnType.String)
            {
                _nodes.Error(headerNode, path + ".header", $"a column read from a header must be of type string, not {TypeName(type)}");
            }
        }

        var required = _nodes.Bool(YamlNodes.Optional(column, "required"), path + ".required");
        _nodes.Bool(YamlNodes.Optional(column, "indexed"), path + ".indexed");
        return _nodes.Errors.Count > errors ? null : new AttolyticsColumn(name!, type, header, required);

        static string TypeName(AttolyticsColumnType t) => t.ToString().ToLowerInvariant();
    }

    private AttolyticsApp? ReadApp(string id, YamlNode node, string path, Dictionary<string, AttolyticsTable> tables)
    {
        if (_nodes.Mapping(node, path, AppKeys) is not { } app)
        {
            return null;
        }

        var errors = _nodes.Errors.Count;
        var secretKeyNode = _nodes.Required(app, "secret_key", path);
        var secretKey = _nodes.Text(secretKeyNode, path + ".secret_key");
        if (secretKey is not null && AttolyticsSecretKeys.Describe(secretKey) is { } weak)
        {
            // Names the app, never the key: the message reaches the start-up log.
            _nodes.Error(secretKeyNode!, path + ".secret_key", $"the secret key of app '{LogText.Escape(id)}' {weak}");
        }

        string? origin = null;
        if (YamlNodes.Optional(app, "access_control_allow_origin") is { } originNode
            && _nodes.Text(originNode, path + ".access_control_allow_origin") is { } text && text != "*")
        {
            origin = text;
            if (!IsOrigin(text))
            {
                _nodes.Error(originNode, path + ".access_control_allow_origin", $"'{text}' is not '*' or an origin such as https://example.com (scheme, host and a port other than the default; no path)");
            }
        }

        var allowed = new Dictionary<string, AttolyticsTable>(StringComparer.Ordinal);
        if (_nodes.Sequence(_nodes.Required(app, "tables", path), path + ".tables") is { } tablesNode)
        {
            for (var i = 0; i < tablesNode.Children.Count; i++)
            {
                var tablePath = $"{path}.tables[{i}]";
                if (_nodes.Text(tablesNode.Children[i], tablePath) is not { } tableName)
                {
                    continue;
                }

                if (tables.TryGetValue(tableName, out var table))
                {
                    allowed[tableName] = table;
                }
                else
                {
                    _nodes.Error(tablesNode.Children[i], tablePath, $"app '{id}' refers to table '{tableName}', which is not defined under 'tables'");
                }
            }
        }

        return _nodes.Errors.Count > errors ? null : new AttolyticsApp(id, secretKey!, origin, allowed);
    }

    private static AttolyticsColumnType? ParseType(string name) => name switch
    {
        "bool" => AttolyticsColumnType.Bool,
        "i32" => AttolyticsColumnType.I32,
        "i64" => AttolyticsColumnType.I64,
        "f32" => AttolyticsColumnType.F32,
        "f64" => AttolyticsColumnType.F64,
        "string" => AttolyticsColumnType.String,
        "timestamp" => AttolyticsColumnType.Timestamp,
        _ => null,
    };

    /// <summary>What a browser sends in <c>Origin</c>: a scheme and host, perhaps a port, nothing more; or <c>null</c>.</summary>
    private static bool IsOrigin(string text) =>
        text == "null"
        || (Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && string.IsNullOrEmpty(uri.UserInfo)
            && uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped).Equals(text, StringComparison.OrdinalIgnoreCase));
}
