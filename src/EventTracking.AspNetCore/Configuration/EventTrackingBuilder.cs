using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.AspNetCore;

/// <summary>
/// Configures the application's tracker: the root router's backends and processors (through the extension methods
/// of <see cref="IEventRoutingBuilder"/>), the process-wide context, the type names configuration may use, the
/// request context and shutdown.
/// </summary>
/// <example>
/// <code>
/// services.AddEventTracking(t =&gt; t
///     .AddContext("application", "my-app")
///     .AddRegexFilter(RegexFilterType.Blocklist, @"^debug\.")
///     .AddInMemory("memory"));
/// </code>
/// </example>
public sealed class EventTrackingBuilder : IEventRoutingBuilder
{
    private const string ReflectionBinding =
        "Binds TOptions by reflection; in a trimmed or Native AOT application use the overload taking a bind delegate, such as (section, o) => section.Bind(o), which the configuration binding source generator can see.";

    private readonly EventTrackingRegistry _registry;

    internal EventTrackingBuilder(IServiceCollection services, EventTrackingRegistry registry)
    {
        Services = services;
        _registry = registry;
    }

    /// <inheritdoc />
    public IServiceCollection Services { get; }

    /// <summary>Adds a key to the process-wide context present in every event; it overrides the same key of the configured <c>Context</c>.</summary>
    /// <param name="key">The context key, such as <c>application</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public EventTrackingBuilder AddContext(string key, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _registry.Context[key] = value;
        return this;
    }

    /// <summary>Registers a leaf backend type that configuration can name in <c>Type</c>; replaces any type of that name.</summary>
    /// <param name="typeName">The short name, such as <c>Console</c>; compared ignoring case.</param>
    /// <param name="factory">Creates the backend; binds options with <see cref="EventTrackingTypeContext.BindOptions{TOptions}()"/>.</param>
    /// <returns>This builder.</returns>
    public EventTrackingBuilder AddBackendType(string typeName, Func<EventTrackingTypeContext, IEventBackend> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(factory);
        _registry.BackendTypes[typeName] = new EventTrackingBackendType(typeName, factory, IsRouter: false);
        return this;
    }

    /// <summary>Registers a leaf backend type that takes no options; it is created with constructor injection from the application's services.</summary>
    /// <typeparam name="TBackend">The backend class.</typeparam>
    /// <param name="typeName">The short name configuration uses.</param>
    /// <returns>This builder.</returns>
    public EventTrackingBuilder AddBackendType<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TBackend>(string typeName)
        where TBackend : class, IEventBackend =>
        AddBackendType(typeName, context =>
        {
            context.EnsureNoOptions();
            return ActivatorUtilities.CreateInstance<TBackend>(context.Services);
        });

    /// <summary>
    /// Registers a leaf backend type whose <c>Options</c> bind into <typeparamref name="TOptions"/>; the backend is
    /// created with constructor injection, and the bound options are passed to the constructor parameter of that type.
    /// </summary>
    /// <typeparam name="TBackend">The backend class.</typeparam>
    /// <typeparam name="TOptions">Its options class; data annotations on it are checked at start-up.</typeparam>
    /// <param name="typeName">The short name configuration uses.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Binds by reflection: in a trimmed or Native AOT application use <see cref="AddBackendType{TBackend, TOptions}(string, Action{IConfiguration, TOptions})"/>.</remarks>
    [RequiresUnreferencedCode(ReflectionBinding)]
    [RequiresDynamicCode(ReflectionBinding)]
    public EventTrackingBuilder AddBackendType<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TBackend, TOptions>(string typeName)
        where TBackend : class, IEventBackend
        where TOptions : class, new() =>
        AddBackendType(typeName, context => ActivatorUtilities.CreateInstance<TBackend>(context.Services, context.BindOptions<TOptions>()));

    /// <summary>
    /// Registers a leaf backend type whose <c>Options</c> bind into <typeparamref name="TOptions"/> with
    /// <paramref name="bind"/>, without reflection (trimming- and AOT-safe); the backend is created with constructor
    /// injection, and the bound options are passed to the constructor parameter of that type.
    /// </summary>
    /// <typeparam name="TBackend">The backend class.</typeparam>
    /// <typeparam name="TOptions">Its options class; its public properties are the keys the section may use.</typeparam>
    /// <param name="typeName">The short name configuration uses.</param>
    /// <param name="bind">
    /// Binds the section onto the options, such as <c>static (section, o) =&gt; section.Bind(o)</c>; with
    /// <c>&lt;EnableConfigurationBindingGenerator&gt;true&lt;/EnableConfigurationBindingGenerator&gt;</c> the binder's call
    /// is generated code. Data annotations are not checked: validate in the backend's constructor.
    /// </param>
    /// <returns>This builder.</returns>
    public EventTrackingBuilder AddBackendType<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TBackend,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(string typeName, Action<IConfiguration, TOptions> bind)
        where TBackend : class, IEventBackend
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(bind);
        return AddBackendType(typeName, context => ActivatorUtilities.CreateInstance<TBackend>(context.Services, context.BindOptions(new TOptions(), bind)));
    }

    /// <summary>
    /// Registers a router type: configuration may give it <c>Processors</c> and <c>Backends</c>, which are registered
    /// on the router the factory returns.
    /// </summary>
    /// <param name="typeName">The short name configuration uses.</param>
    /// <param name="factory">Creates an empty router.</param>
    /// <returns>This builder.</returns>
    public EventTrackingBuilder AddRoutingType(string typeName, Func<EventTrackingTypeContext, RoutingBackend> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(factory);
        _registry.BackendTypes[typeName] = new EventTrackingBackendType(typeName, factory, IsRouter: true);
        return this;
    }

    /// <summary>Registers a processor type that configuration can name in <c>Type</c>; replaces any type of that name.</summary>
    /// <param name="typeName">The short name; compared ignoring case.</param>
    /// <param name="factory">Creates the processor.</param>
    /// <returns>This builder.</returns>
    public EventTrackingBuilder AddProcessorType(string typeName, Func<EventTrackingTypeContext, IEventProcessor> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(factory);
        _registry.ProcessorTypes[typeName] = factory;
        return this;
    }

    /// <summary>Registers a processor type that takes no options; it is created with constructor injection.</summary>
    /// <typeparam name="TProcessor">The processor class.</typeparam>
    /// <param name="typeName">The short name configuration uses.</param>
    /// <returns>This builder.</returns>
    public EventTrackingBuilder AddProcessorType<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProcessor>(string typeName)
        where TProcessor : class, IEventProcessor =>
        AddProcessorType(typeName, context =>
        {
            context.EnsureNoOptions();
            return ActivatorUtilities.CreateInstance<TProcessor>(context.Services);
        });

    /// <summary>Registers a processor type whose <c>Options</c> bind into <typeparamref name="TOptions"/>, passed to its constructor.</summary>
    /// <typeparam name="TProcessor">The processor class.</typeparam>
    /// <typeparam name="TOptions">Its options class; data annotations on it are checked at start-up.</typeparam>
    /// <param name="typeName">The short name configuration uses.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Binds by reflection: in a trimmed or Native AOT application use <see cref="AddProcessorType{TProcessor, TOptions}(string, Action{IConfiguration, TOptions})"/>.</remarks>
    [RequiresUnreferencedCode(ReflectionBinding)]
    [RequiresDynamicCode(ReflectionBinding)]
    public EventTrackingBuilder AddProcessorType<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProcessor, TOptions>(string typeName)
        where TProcessor : class, IEventProcessor
        where TOptions : class, new() =>
        AddProcessorType(typeName, context => ActivatorUtilities.CreateInstance<TProcessor>(context.Services, context.BindOptions<TOptions>()));

    /// <summary>
    /// Registers a processor type whose <c>Options</c> bind into <typeparamref name="TOptions"/> with
    /// <paramref name="bind"/>, without reflection (trimming- and AOT-safe), passed to its constructor.
    /// </summary>
    /// <typeparam name="TProcessor">The processor class.</typeparam>
    /// <typeparam name="TOptions">Its options class; its public properties are the keys the section may use.</typeparam>
    /// <param name="typeName">The short name configuration uses.</param>
    /// <param name="bind">Binds the section onto the options, such as <c>static (section, o) =&gt; section.Bind(o)</c>.</param>
    /// <returns>This builder.</returns>
    public EventTrackingBuilder AddProcessorType<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProcessor,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(string typeName, Action<IConfiguration, TOptions> bind)
        where TProcessor : class, IEventProcessor
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(bind);
        return AddProcessorType(typeName, context => ActivatorUtilities.CreateInstance<TProcessor>(context.Services, context.BindOptions(new TOptions(), bind)));
    }

    /// <summary>Chooses which request fields the middleware puts in the <c>request</c> context, and how.</summary>
    /// <param name="configure">Changes the options; runs after the configured <c>RequestContext</c> section when both come from one <c>AddEventTracking</c> call.</param>
    /// <returns>This builder.</returns>
    public EventTrackingBuilder ConfigureRequestContext(Action<EventTrackingMiddlewareOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>Configures start-up and shutdown, such as how long stopping may take to deliver queued events.</summary>
    /// <param name="configure">Changes the options; runs after the configured <c>ShutdownTimeout</c> when both come from one <c>AddEventTracking</c> call.</param>
    /// <returns>This builder.</returns>
    public EventTrackingBuilder ConfigureHost(Action<EventTrackingHostOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <inheritdoc />
    void IEventRoutingBuilder.RegisterBackend(string name, Func<IServiceProvider, IEventBackend> factory) =>
        _registry.Root.RegisterBackend(name, factory);

    /// <inheritdoc />
    void IEventRoutingBuilder.RegisterProcessor(Func<IServiceProvider, IEventProcessor> factory) =>
        _registry.Root.RegisterProcessor(factory);
}
