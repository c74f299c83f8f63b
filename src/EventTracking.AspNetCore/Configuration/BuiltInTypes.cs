namespace EventTracking.AspNetCore;

/// <summary>The type names every application can use in configuration without registering anything.</summary>
internal static class BuiltInTypes
{
    public const string Routing = "Routing";
    public const string AsyncRouting = "AsyncRouting";
    public const string Sqlite = "Sqlite";
    public const string Mongo = "Mongo";
    public const string RegexFilter = "RegexFilter";
    public const string NameAllowlist = "NameAllowlist";
    public const string InMemory = "InMemory";
    public const string Serilog = "Serilog";
    public const string Http = "Http";

    public static void Register(EventTrackingRegistry registry)
    {
        registry.BackendTypes[Routing] = new BackendType(CreateRouting, IsRouter: true);
        registry.BackendTypes[AsyncRouting] = new BackendType(CreateAsyncRouting, IsRouter: true);
        registry.BackendTypes[InMemory] = new BackendType(CreateInMemory, IsRouter: false);
        registry.BackendTypes[Sqlite] = new BackendType(CreateSqlite, IsRouter: false);
        registry.BackendTypes[Mongo] = new BackendType(CreateMongo, IsRouter: false);
        registry.BackendTypes[Serilog] = new BackendType(CreateSerilog, IsRouter: false);
        registry.BackendTypes[Http] = new BackendType(CreateHttp, IsRouter: false);
        registry.ProcessorTypes[RegexFilter] = CreateRegexFilter;
        registry.ProcessorTypes[NameAllowlist] = CreateNameAllowlist;
    }

    private static RoutingBackend CreateRouting(EventTrackingTypeContext context)
    {
        context.EnsureNoOptions();
        return new RoutingBackend();
    }

    private static AsyncRoutingBackend CreateAsyncRouting(EventTrackingTypeContext context)
    {
        var options = context.BindOptions(LeafBackends.DefaultAsyncRoutingOptions(context.Services, context.Name));
        if (options.Buffer is { } buffer)
        {
            if (string.IsNullOrWhiteSpace(buffer.Path))
            {
                throw context.OptionError("Buffer:Path", "is required: the folder that holds the durable buffer's files");
            }

            buffer.Path = LeafBackends.FromContentRoot(context.Services, buffer.Path);
        }

        return new AsyncRoutingBackend(options: options);
    }

    private static InMemoryBackend CreateInMemory(EventTrackingTypeContext context)
    {
        context.EnsureNoOptions();
        return new InMemoryBackend();
    }

    private static SerilogBackend CreateSerilog(EventTrackingTypeContext context) =>
        LeafBackends.Serilog(context.Services, context.BindOptions<SerilogBackendOptions>());

    private static SqliteBackend CreateSqlite(EventTrackingTypeContext context) =>
        LeafBackends.Sqlite(context.Services, context.BindOptions<SqliteBackendOptions>());

    private static MongoBackend CreateMongo(EventTrackingTypeContext context)
    {
        WriteConcernConverter.Register();
        return LeafBackends.Mongo(context.Services, context.BindOptions<MongoBackendOptions>());
    }

    private static HttpBackend CreateHttp(EventTrackingTypeContext context)
    {
        var options = context.BindOptions<HttpBackendOptions>();
        if (options.Endpoint is null)
        {
            throw context.OptionError(nameof(options.Endpoint), "is required: the collector URL batches are POSTed to");
        }

        return LeafBackends.Http(context.Services, options);
    }

    private static RegexFilter CreateRegexFilter(EventTrackingTypeContext context)
    {
        var options = context.BindOptions<RegexFilterOptions>();
        if (options.Patterns.Length == 0)
        {
            throw context.OptionError(nameof(options.Patterns), "must list at least one pattern");
        }

        for (var i = 0; i < options.Patterns.Length; i++)
        {
            try
            {
                _ = new RegexFilter(options.FilterType, [options.Patterns[i]]);
            }
            catch (ArgumentException ex)
            {
                throw context.OptionError($"{nameof(options.Patterns)}:{i}", $"is not a valid regular expression: {(ex.InnerException ?? ex).Message}");
            }
        }

        return new RegexFilter(options.FilterType, options.Patterns);
    }

    private static NameAllowlist CreateNameAllowlist(EventTrackingTypeContext context)
    {
        var options = context.BindOptions<NameAllowlistOptions>();
        if (options.Names.Length == 0)
        {
            throw context.OptionError(nameof(options.Names), "must list at least one event name");
        }

        return new NameAllowlist(options.Names);
    }
}
