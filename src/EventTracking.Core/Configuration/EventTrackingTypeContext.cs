using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace EventTracking;

/// <summary>
/// What a backend or processor type's factory receives when the tree is built from configuration: the node's name
/// and configuration path, a way to bind its <c>Options</c> section, and the application's services.
/// </summary>
/// <remarks>
/// The configuration binder (EventTracking.AspNetCore) supplies the implementation; packages that bring a backend
/// type register a factory taking this context with <see cref="EventTrackingTypes.RegisterBackendType"/>.
/// </remarks>
/// <example>
/// <code>
/// builder.AddBackendType("Console", ctx =&gt;
/// {
///     var options = ctx.BindOptions(new ConsoleOptions(), static (section, o) =&gt; section.Bind(o));
///     if (options.Width &lt;= 0) throw ctx.OptionError(nameof(options.Width), "must be &gt; 0");
///     return new ConsoleBackend(options);
/// });
/// </code>
/// </example>
public abstract class EventTrackingTypeContext
{
    private const string ReflectionBinding =
        "Binds the options by reflection over a type chosen at run time; in a trimmed or Native AOT application use BindOptions(options, bind) with a configuration binder call the binding source generator can see.";

    /// <summary>Creates the context of one configured node.</summary>
    /// <param name="typeName">The registered type name the node asked for.</param>
    /// <param name="name">The node's name.</param>
    /// <param name="path">The node's configuration path.</param>
    /// <param name="optionsPath">The configuration path of the node's options.</param>
    /// <param name="services">The application's services.</param>
    protected EventTrackingTypeContext(string typeName, string name, string path, string optionsPath, IServiceProvider services)
    {
        TypeName = typeName;
        Name = name;
        Path = path;
        OptionsPath = optionsPath;
        Services = services;
    }

    /// <summary>The registered type name the node asked for, such as <c>Sqlite</c>.</summary>
    public string TypeName { get; }

    /// <summary>The node's name: the backend's key under <c>Backends</c>, or a processor's index.</summary>
    public string Name { get; }

    /// <summary>The node's configuration path, such as <c>EventTracking:Backends:store</c>.</summary>
    public string Path { get; }

    /// <summary>The configuration path of the node's options, such as <c>EventTracking:Backends:store:Options</c>.</summary>
    public string OptionsPath { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Binds the node's options into a new <typeparamref name="TOptions"/> by reflection and validates their data annotations.</summary>
    /// <typeparam name="TOptions">The options class; its defaults stand for keys the section leaves out.</typeparam>
    /// <returns>The bound options.</returns>
    /// <exception cref="EventTrackingConfigurationException">
    /// A key names no property of <typeparamref name="TOptions"/>, a value cannot be converted, or a data-annotation
    /// rule fails; the message names the configuration path.
    /// </exception>
    /// <remarks>
    /// Reflection: not for trimmed or Native AOT applications. There, use
    /// <see cref="BindOptions{TOptions}(TOptions, Action{IConfiguration, TOptions})"/>.
    /// </remarks>
    [RequiresUnreferencedCode(ReflectionBinding)]
    [RequiresDynamicCode(ReflectionBinding)]
    public TOptions BindOptions<TOptions>()
        where TOptions : class, new() => BindOptions(new TOptions());

    /// <summary>Binds the node's options onto <paramref name="options"/> by reflection and validates their data annotations.</summary>
    /// <typeparam name="TOptions">The options class.</typeparam>
    /// <param name="options">An instance holding the defaults; keys present in the section overwrite them.</param>
    /// <returns><paramref name="options"/>, bound.</returns>
    /// <exception cref="EventTrackingConfigurationException">As for <see cref="BindOptions{TOptions}()"/>.</exception>
    /// <remarks>
    /// Reflection: not for trimmed or Native AOT applications. There, use
    /// <see cref="BindOptions{TOptions}(TOptions, Action{IConfiguration, TOptions})"/>.
    /// </remarks>
    [RequiresUnreferencedCode(ReflectionBinding)]
    [RequiresDynamicCode(ReflectionBinding)]
    public abstract TOptions BindOptions<TOptions>(TOptions options)
        where TOptions : class;

    /// <summary>
    /// Binds the node's options onto <paramref name="options"/> with <paramref name="bind"/>, a call to the
    /// configuration binder written where <typeparamref name="TOptions"/> is known, so that the configuration binding
    /// source generator (<c>&lt;EnableConfigurationBindingGenerator&gt;true&lt;/EnableConfigurationBindingGenerator&gt;</c>)
    /// replaces the binder's reflection: safe for trimmed and Native AOT applications.
    /// </summary>
    /// <typeparam name="TOptions">The options class; its public properties are the keys the section may use.</typeparam>
    /// <param name="options">An instance holding the defaults; keys present in the section overwrite them.</param>
    /// <param name="bind">
    /// Binds the section onto the options, such as
    /// <c>static (section, o) =&gt; section.Bind(o, b =&gt; b.ErrorOnUnknownConfiguration = true)</c>.
    /// </param>
    /// <returns><paramref name="options"/>, bound.</returns>
    /// <exception cref="EventTrackingConfigurationException">
    /// A key names no property of <typeparamref name="TOptions"/> (the message lists the known options) or a value
    /// cannot be converted; the message names the configuration path.
    /// </exception>
    /// <remarks>
    /// Data annotations are not checked here (that needs reflection over the options object): check the values and
    /// throw <see cref="OptionError"/>, or run a source-generated <c>[OptionsValidator]</c>.
    /// </remarks>
    /// <example>
    /// <code>
    /// builder.AddBackendType("Console", ctx =&gt;
    ///     new ConsoleBackend(ctx.BindOptions(new ConsoleOptions(), static (section, o) =&gt; section.Bind(o))));
    /// </code>
    /// </example>
    public abstract TOptions BindOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        TOptions options, Action<IConfiguration, TOptions> bind)
        where TOptions : class;

    /// <summary>Fails when the node has an <c>Options</c> section with any key in it.</summary>
    /// <exception cref="EventTrackingConfigurationException">The type takes no options.</exception>
    public abstract void EnsureNoOptions();

    /// <summary>Creates the exception for an invalid option value, naming its full configuration path.</summary>
    /// <param name="option">The option's key, such as <c>Capacity</c>.</param>
    /// <param name="message">What is wrong, phrased to follow the path, such as <c>must be &gt; 0</c>.</param>
    /// <returns>An exception whose message reads <c>EventTracking:Backends:store:Options:Capacity must be &gt; 0</c>; throw it.</returns>
    public EventTrackingConfigurationException OptionError(string option, string message) =>
        new($"{OptionsPath}:{option} {message}");
}
