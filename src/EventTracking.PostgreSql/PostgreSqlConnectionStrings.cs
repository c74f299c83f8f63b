using System.Globalization;
using Npgsql;

namespace EventTracking;

/// <summary>Turns the configured connection string, an Npgsql key/value string or a <c>postgresql://</c> URI, into a data source.</summary>
internal static class PostgreSqlConnectionStrings
{
    public static NpgsqlDataSource CreateDataSource(PostgreSqlBackendOptions options)
    {
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(ToKeyValue(options.ConnectionString));
        }
        catch (KeyNotFoundException ex)
        {
            // Npgsql names no key here; name the first one it does not know (never a value: it may be a password).
            throw new ArgumentException(
                $"PostgreSqlBackendOptions.ConnectionString is not a valid connection string: {UnknownKey(options.ConnectionString)}", "ConnectionString", ex);
        }
        catch (Exception ex) when (ex is ArgumentException { ParamName: not "ConnectionString" } or FormatException)
        {
            // Npgsql says which key it could not set ("Couldn't set port"); the string itself may hold a password.
            var detail = ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
            throw new ArgumentException($"PostgreSqlBackendOptions.ConnectionString is not a valid connection string: {detail}", "ConnectionString", ex);
        }

        builder.ConnectionStringBuilder.CommandTimeout = (int)options.CommandTimeout.TotalSeconds;
        return builder.Build();
    }

    private static string UnknownKey(string connectionString)
    {
        // A plain split is enough to name a key: quoted values with ';' inside only make it name a later one.
        var known = new NpgsqlConnectionStringBuilder();
        var key = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2)[0].Trim())
            .FirstOrDefault(k => k.Length > 0 && !known.ContainsKey(k));
        const string Hint = "(use Host=…;Port=…;Username=…;Password=…;Database=… or a postgresql:// URI).";
        return key is null ? $"a key is unknown {Hint}" : $"unknown key '{key}' {Hint}";
    }

    /// <summary>Accepts <c>postgres://user:password@host:port/database?key=value</c> as libpq does, and key/value strings unchanged.</summary>
    /// <exception cref="ArgumentException">The URI cannot be read.</exception>
    public static string ToKeyValue(string connectionString)
    {
        if (!connectionString.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            && !connectionString.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }

        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException("PostgreSqlBackendOptions.ConnectionString is not a valid postgresql:// URI.", "ConnectionString");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
            try
            {
                builder[key] = value;
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"PostgreSqlBackendOptions.ConnectionString has an unknown URI parameter '{key}'."), "ConnectionString", ex);
            }
        }

        return builder.ConnectionString;
    }
}
