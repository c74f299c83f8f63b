using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace EventTracking;

/// <summary>Binds an options section strictly: unknown keys, bad values and failed annotations are errors naming their path.</summary>
internal static partial class OptionsBinder
{
    public static TOptions Bind<TOptions>(IConfigurationSection section, TOptions options, string typeName)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(options);
        var known = options.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .Select(p => p.Name)
            .ToArray();

        var errors = section.GetChildren()
            .Where(child => !known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            .Select(child => $"{child.Path} is not an option of {typeName}; known options: {string.Join(", ", known)}.")
            .ToList();
        if (errors.Count > 0)
        {
            throw new EventTrackingConfigurationException(errors);
        }

        try
        {
            section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the offending key inside its message ("… at 'path' …"); lead with that path.
            var match = QuotedPath().Match(ex.Message);
            var path = match.Success ? match.Groups[1].Value : section.Path;
            throw new EventTrackingConfigurationException($"{path}: {ex.Message}", ex);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new EventTrackingConfigurationException(results.Select(r => Describe(section.Path, r)).ToList());
        }

        return options;
    }

    [GeneratedRegex(@" at '([^']+)'")]
    private static partial Regex QuotedPath();

    private static string Describe(string optionsPath, ValidationResult result)
    {
        var member = result.MemberNames.FirstOrDefault();
        var path = member is null ? optionsPath : ConfigurationPath.Combine(optionsPath, member);
        return $"{path}: {result.ErrorMessage}";
    }
}
