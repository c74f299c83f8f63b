using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EventTracking;

/// <summary>Binds an options section strictly: unknown keys, bad values and failed annotations are errors naming their path.</summary>
/// <remarks>
/// <c>Bind</c> takes the binder call from a caller that names the options type, so the configuration binding source
/// generator replaces it with generated code (trimming- and AOT-safe); <see cref="BindByReflection"/> serves options types known only at run
/// time (an application's own types registered through the generic <c>AddBackendType</c>).
/// </remarks>
internal static partial class OptionsBinder
{
    private const string Reflection = "Binds and validates an options type chosen at run time by reflection.";

    /// <summary>Binds with <paramref name="bind"/> after checking the section's keys against the properties of <typeparamref name="TOptions"/>.</summary>
    public static TOptions Bind<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        IConfigurationSection section, TOptions options, string typeName, Action<IConfiguration, TOptions> bind, IValidateOptions<TOptions>? validator = null)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bind);
        CheckKeys(section, KnownOptions(typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)), typeName);
        Translate(section, () => bind(section, options));
        if (validator?.Validate(section.Path, options) is { Failed: true } result)
        {
            // A generated validator reports "Member: The field {name}.Member …"; say it as the reflection path did:
            // "Section:Member: The field Member …".
            var displayPrefix = section.Path + ".";
            throw new EventTrackingConfigurationException(
                result.Failures.Select(f => $"{section.Path}:{f.Replace(displayPrefix, string.Empty, StringComparison.Ordinal)}").ToList());
        }

        return options;
    }

    /// <summary>Binds by reflection over the options object's run-time type, then checks its data annotations.</summary>
    [RequiresUnreferencedCode(Reflection)]
    [RequiresDynamicCode(Reflection)]
    public static TOptions BindByReflection<TOptions>(IConfigurationSection section, TOptions options, string typeName)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckKeys(section, KnownOptions(options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)), typeName);
        // The reflection binder, on purpose: the options type is known only at run time (SYSLIB1104: the generator cannot see it).
        Translate(section, () => section.Bind(options, Strict));

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new EventTrackingConfigurationException(results.Select(r => Describe(section.Path, r)).ToList());
        }

        return options;
    }

    private static string[] KnownOptions(PropertyInfo[] properties) =>
        properties
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .Select(p => p.Name)
            .ToArray();

    private static void CheckKeys(IConfigurationSection section, string[] known, string typeName)
    {
        var errors = section.GetChildren()
            .Where(child => !known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            .Select(child => $"{child.Path} is not an option of {typeName}; known options: {string.Join(", ", known)}.")
            .ToList();
        if (errors.Count > 0)
        {
            throw new EventTrackingConfigurationException(errors);
        }
    }

    private static void Translate(IConfigurationSection section, Action bind)
    {
        try
        {
            bind();
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the offending key inside its message ("… at 'path' …"); lead with that path.
            var match = QuotedPath().Match(ex.Message);
            var path = match.Success ? match.Groups[1].Value : section.Path;
            throw new EventTrackingConfigurationException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>The binder settings every bind uses: a key the options type does not have is an error, also in nested objects.</summary>
    public static void Strict(BinderOptions binder) => binder.ErrorOnUnknownConfiguration = true;

    [GeneratedRegex(@" at '([^']+)'")]
    private static partial Regex QuotedPath();

    private static string Describe(string optionsPath, ValidationResult result)
    {
        var member = result.MemberNames.FirstOrDefault();
        var path = member is null ? optionsPath : ConfigurationPath.Combine(optionsPath, member);
        return $"{path}: {result.ErrorMessage}";
    }
}
