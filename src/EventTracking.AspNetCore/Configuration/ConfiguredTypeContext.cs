using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace EventTracking.AspNetCore;

/// <summary>The context of one node of the configured tree: binds its <c>Options</c> section with the configuration binder.</summary>
internal sealed class ConfiguredTypeContext : EventTrackingTypeContext
{
    private readonly IConfigurationSection _options;

    public ConfiguredTypeContext(string typeName, string name, string path, IConfigurationSection options, IServiceProvider services)
        : base(typeName, name, path, options.Path, services)
    {
        _options = options;
    }

    [RequiresUnreferencedCode("Binds an options type chosen at run time by reflection.")]
    [RequiresDynamicCode("Binds an options type chosen at run time by reflection.")]
    public override TOptions BindOptions<TOptions>(TOptions options) => OptionsBinder.BindByReflection(_options, options, TypeName);

    public override TOptions BindOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        TOptions options, Action<IConfiguration, TOptions> bind) =>
        OptionsBinder.Bind(_options, options, TypeName, bind);

    public override void EnsureNoOptions()
    {
        var first = _options.GetChildren().FirstOrDefault();
        if (first is not null)
        {
            throw new EventTrackingConfigurationException($"{first.Path} is not an option of {TypeName}; {TypeName} takes no options.");
        }
    }
}
