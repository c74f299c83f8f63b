using Microsoft.Extensions.Configuration;

namespace EventTracking.AspNetCore;

/// <summary>
/// What a backend or processor type's factory receives when the tree is built from configuration: the node's name
/// and configuration path, its <c>Options</c> section, and the application's services.
/// </summary>
/// <example>
/// <code>
/// builder.AddBackendType("Console", ctx =&gt;
/// {
///     var options = ctx.BindOptions&lt;ConsoleOptions&gt;();
///     if (options.Width &lt;= 0) throw ctx.OptionError(nameof(options.Width), "must be &gt; 0");
///     return new ConsoleBackend(options);
/// });
/// </code>
/// </example>
public sealed class EventTrackingTypeContext
{
    internal EventTrackingTypeContext(string typeName, string name, string path, IConfigurationSection options, IServiceProvider services)
    {
        TypeName = typeName;
        Name = name;
        Path = path;
        Options = options;
        Services = services;
    }

    /// <summary>The registered type name the node asked for, such as <c>Sqlite</c>.</summary>
    public string TypeName { get; }

    /// <summary>The node's name: the backend's key under <c>Backends</c>, or a processor's index.</summary>
    public string Name { get; }

    /// <summary>The node's configuration path, such as <c>EventTracking:Backends:store</c>.</summary>
    public string Path { get; }

    /// <summary>The configuration path of the node's options, such as <c>EventTracking:Backends:store:Options</c>.</summary>
    public string OptionsPath => Options.Path;

    /// <summary>The node's <c>Options</c> section; it exists (and is empty) when the node has none.</summary>
    public IConfigurationSection Options { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Binds the node's options into a new <typeparamref name="TOptions"/> and validates them.</summary>
    /// <typeparam name="TOptions">The options class; its defaults stand for keys the section leaves out.</typeparam>
    /// <returns>The bound options.</returns>
    /// <exception cref="EventTrackingConfigurationException">
    /// A key names no property of <typeparamref name="TOptions"/>, a value cannot be converted, or a data-annotation
    /// rule fails; the message names the configuration path.
    /// </exception>
    public TOptions BindOptions<TOptions>()
        where TOptions : class, new() => BindOptions(new TOptions());

    /// <summary>Binds the node's options onto <paramref name="options"/> and validates them.</summary>
    /// <typeparam name="TOptions">The options class.</typeparam>
    /// <param name="options">An instance holding the defaults; keys present in the section overwrite them.</param>
    /// <returns><paramref name="options"/>, bound.</returns>
    /// <exception cref="EventTrackingConfigurationException">As for <see cref="BindOptions{TOptions}()"/>.</exception>
    public TOptions BindOptions<TOptions>(TOptions options)
        where TOptions : class => OptionsBinder.Bind(Options, options, TypeName);

    /// <summary>Fails when the node has an <c>Options</c> section with any key in it.</summary>
    /// <exception cref="EventTrackingConfigurationException">The type takes no options.</exception>
    public void EnsureNoOptions()
    {
        var first = Options.GetChildren().FirstOrDefault();
        if (first is not null)
        {
            throw new EventTrackingConfigurationException($"{first.Path} is not an option of {TypeName}; {TypeName} takes no options.");
        }
    }

    /// <summary>Creates the exception for an invalid option value, naming its full configuration path.</summary>
    /// <param name="option">The option's key, such as <c>Capacity</c>.</param>
    /// <param name="message">What is wrong, phrased to follow the path, such as <c>must be &gt; 0</c>.</param>
    /// <returns>An exception whose message reads <c>EventTracking:Backends:store:Options:Capacity must be &gt; 0</c>; throw it.</returns>
    public EventTrackingConfigurationException OptionError(string option, string message) =>
        new($"{ConfigurationPath.Combine(OptionsPath, option)} {message}");
}
