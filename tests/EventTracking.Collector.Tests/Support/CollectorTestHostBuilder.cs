using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EventTracking.Collector.Tests.Support;

/// <summary>
/// What a <see cref="CollectorTestHost"/> serves and how it stores: the surfaces it maps, the collector's options,
/// where the SQLite store sits in the routing tree, and any extra services. With no surface named, the host maps the
/// native route at <c>/api/events</c> and Pycolytics under <c>/game/</c>. The collector always has the test keys
/// <see cref="CollectorTestHost.MobileKey"/> and <see cref="CollectorTestHost.WebKey"/>, which the other surfaces never use.
/// </summary>
internal sealed class CollectorTestHostBuilder
{
    private readonly List<Action<EventCollectorOptions>> _collector = [];
    private readonly List<Action<IServiceCollection, IConfiguration>> _services = [];
    private readonly Dictionary<string, string?> _settings = [];
    private readonly List<Action<WebApplication>> _endpoints = [];
    private readonly List<IEventProcessor> _processors = [];
    private Func<SqliteBackend, IEnumerable<KeyValuePair<string, IEventBackend>>>? _tree;
    private string? _directName;
    private string? _switchName;
    private bool _switchInFront;

    internal CollectorTestHostBuilder(string folder) => Folder = folder;

    /// <summary>The host's fresh temporary folder, deleted when the host is disposed.</summary>
    public string Folder { get; }

    internal TimeSpan BusyTimeout { get; private set; } = TimeSpan.FromSeconds(5);

    internal object? Context { get; private set; }

    internal FakeTimeProvider? Clock { get; private set; }

    internal IReadOnlyList<IEventProcessor> Processors => _processors;

    internal IReadOnlyDictionary<string, string?> Settings => _settings;

    /// <summary>Changes the collector's options (after the test keys are set); calls add up.</summary>
    public CollectorTestHostBuilder Collector(Action<EventCollectorOptions>? configure)
    {
        if (configure is not null)
        {
            _collector.Add(configure);
        }

        return this;
    }

    /// <summary>Maps the native route, <c>POST /api/events</c>.</summary>
    public CollectorTestHostBuilder Native() => Map(app => app.MapEventCollector());

    /// <summary>Maps the Pycolytics routes under <paramref name="prefix"/>.</summary>
    public CollectorTestHostBuilder Pycolytics(string prefix = "/game/") => Map(app => app.MapPycolytics(prefix));

    /// <summary>Registers and maps Papika, its own tables in <c>papika.db</c> in the folder unless <paramref name="configure"/> moves them.</summary>
    public CollectorTestHostBuilder Papika(Action<PapikaOptions>? configure = null) =>
        Register(services => services.AddPapika(o =>
            {
                o.StorePath = Path.Combine(Folder, "papika.db");
                configure?.Invoke(o);
            }))
        .Map(app => app.MapPapika());

    /// <summary>Registers Papika from the <c>Papika</c> section of <see cref="WithSettings"/> and maps it.</summary>
    public CollectorTestHostBuilder PapikaFromSettings() =>
        Register((services, configuration) => services.AddPapika(configuration.GetSection("Papika")))
        .Map(app => app.MapPapika());

    /// <summary>Registers Microticks and maps it under <paramref name="prefix"/>.</summary>
    public CollectorTestHostBuilder Microticks(string prefix, Action<MicroticksOptions>? configure = null) =>
        Register(services => services.AddMicroticks(o => configure?.Invoke(o)))
        .Map(app => app.MapMicroticks(prefix));

    /// <summary>Writes <paramref name="schema"/> to <c>schema.yaml</c> in the folder and maps Attolytics from it under <paramref name="prefix"/>.</summary>
    public CollectorTestHostBuilder Attolytics(string prefix, string schema)
    {
        var path = Path.Combine(Folder, "schema.yaml");
        File.WriteAllText(path, schema);
        return Map(app => app.MapAttolytics(prefix, path));
    }

    /// <summary>Registers extra services, or registers a surface in a way of the test's own.</summary>
    public CollectorTestHostBuilder Register(Action<IServiceCollection> services) => Register((collection, _) => services(collection));

    /// <summary>Registers services that read the host's configuration (its <see cref="WithSettings"/>).</summary>
    public CollectorTestHostBuilder Register(Action<IServiceCollection, IConfiguration> services)
    {
        _services.Add(services);
        return this;
    }

    /// <summary>Adds configuration values, such as <c>Papika:MaxBatchSize</c>, as the environment would.</summary>
    public CollectorTestHostBuilder WithSettings(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }

        return this;
    }

    /// <summary>Maps extra endpoints on the started application.</summary>
    public CollectorTestHostBuilder Map(Action<WebApplication> endpoints)
    {
        _endpoints.Add(endpoints);
        return this;
    }

    /// <summary>
    /// Puts the SQLite store straight under the root as <paramref name="name"/>, so a request waits for its write.
    /// By default it sits under an async node (<c>store</c>, then <c>db</c>), as in production.
    /// </summary>
    public CollectorTestHostBuilder StoreDirectly(string name = "sqlite")
    {
        _directName = name;
        return this;
    }

    /// <summary>Builds the root's backends around the SQLite store itself, instead of the async node or <see cref="StoreDirectly"/>.</summary>
    public CollectorTestHostBuilder Tree(Func<SqliteBackend, IEnumerable<KeyValuePair<string, IEventBackend>>> tree)
    {
        _tree = tree;
        return this;
    }

    /// <summary>Puts <see cref="CollectorTestHost.Switch"/> between the tree and the SQLite store.</summary>
    public CollectorTestHostBuilder SwitchInFrontOfStore()
    {
        (_switchInFront, _switchName) = (true, null);
        return this;
    }

    /// <summary>Puts <see cref="CollectorTestHost.Switch"/> beside the SQLite store as <paramref name="name"/>; siblings are delivered to in name order.</summary>
    public CollectorTestHostBuilder SwitchBesideStore(string name)
    {
        (_switchInFront, _switchName) = (false, name);
        return this;
    }

    /// <summary>Adds a processor to the root router.</summary>
    public CollectorTestHostBuilder Processor(IEventProcessor processor)
    {
        _processors.Add(processor);
        return this;
    }

    /// <summary>Sets the tracker's process-wide context.</summary>
    public CollectorTestHostBuilder WithContext(object context)
    {
        Context = context;
        return this;
    }

    /// <summary>How long the SQLite store waits for another writer's lock.</summary>
    public CollectorTestHostBuilder WithBusyTimeout(TimeSpan timeout)
    {
        BusyTimeout = timeout;
        return this;
    }

    /// <summary>A fake clock starting at <paramref name="now"/> for the tracker and every service that takes a <see cref="TimeProvider"/>.</summary>
    public CollectorTestHostBuilder WithClock(DateTimeOffset now)
    {
        Clock = new FakeTimeProvider(now);
        return this;
    }

    internal void ConfigureCollector(EventCollectorOptions options)
    {
        options.Keys["mobile"] = CollectorTestHost.MobileKey;
        options.Keys["web"] = CollectorTestHost.WebKey;
        foreach (var configure in _collector)
        {
            configure(options);
        }
    }

    internal void RegisterServices(IServiceCollection services, IConfiguration configuration)
    {
        foreach (var register in _services)
        {
            register(services, configuration);
        }
    }

    internal void MapEndpoints(WebApplication app)
    {
        if (_endpoints.Count == 0)
        {
            Native().Pycolytics();
        }

        foreach (var map in _endpoints)
        {
            map(app);
        }
    }

    /// <summary>The root's backends around <paramref name="store"/>, and the switch when one was placed.</summary>
    internal (IEnumerable<KeyValuePair<string, IEventBackend>> Backends, SwitchableStore? Switch) Build(SqliteBackend store)
    {
        if (_tree is not null)
        {
            return _directName is null && _switchName is null && !_switchInFront
                ? (_tree(store), null)
                : throw new InvalidOperationException("A tree of the test's own places the store itself: drop StoreDirectly and the switch, or the tree.");
        }

        var @switch = _switchInFront ? new SwitchableStore(store) : _switchName is null ? null : new SwitchableStore();
        IEventBackend leaf = _switchInFront ? @switch! : store;
        KeyValuePair<string, IEventBackend> placed = _directName is { } name
            ? new(name, leaf)
            : new("store", new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = leaf }, options: new AsyncRoutingOptions { Name = "store-" + Guid.NewGuid().ToString("N") }));
        List<KeyValuePair<string, IEventBackend>> backends = [placed];
        if (_switchName is { } besideName)
        {
            backends.Add(new(besideName, @switch!));
        }

        return (backends, @switch);
    }
}
