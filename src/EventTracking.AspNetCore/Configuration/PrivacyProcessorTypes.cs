using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventTracking.AspNetCore;

/// <summary>The configuration types of the privacy processors: <c>Redact</c>, <c>Consent</c> and <c>Sample</c>.</summary>
internal static partial class PrivacyProcessorTypes
{
    public const string Redact = "Redact";
    public const string Consent = "Consent";
    public const string Sample = "Sample";

    public static void Register(EventTrackingRegistry registry)
    {
        registry.ProcessorTypes[Redact] = CreateRedactor;
        registry.ProcessorTypes[Consent] = CreateConsentFilter;
        registry.ProcessorTypes[Sample] = CreateSampler;
    }

    private static Redactor CreateRedactor(EventTrackingTypeContext context)
    {
        var options = context.BindOptions(new RedactorOptions(), static (section, o) => section.Bind(o, OptionsBinder.Strict));
        if (options.Rules.Count == 0)
        {
            throw context.OptionError(nameof(options.Rules), "must list at least one rule, such as { \"Path\": \"context.user_id\", \"Action\": \"Hash\" }");
        }

        return Create(context, () => new Redactor(options));
    }

    private static ConsentFilter CreateConsentFilter(EventTrackingTypeContext context)
    {
        var options = context.BindOptions(
            new ConsentFilterOptions { Resolver = context.Services.GetService<IConsentResolver>() },
            static (section, o) => section.Bind(o, OptionsBinder.Strict)); // Resolver: from the services (SYSLIB1100/1101)
        return Create(context, () => new ConsentFilter(options));
    }

    private static Sampler CreateSampler(EventTrackingTypeContext context)
    {
        var options = context.BindOptions(new SamplerOptions(), static (section, o) => section.Bind(o, OptionsBinder.Strict));
        if (options.Rules.Count == 0)
        {
            throw context.OptionError(nameof(options.Rules), "must list at least one rule, such as { \"Pattern\": \"^video\\\\.\", \"Rate\": 0.1 }");
        }

        return Create(context, () => new Sampler(options));
    }

    // The processors name the bad setting as "Rules[0].Path"; say it as the configuration path "…:Options:Rules:0:Path".
    private static T Create<T>(EventTrackingTypeContext context, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            var message = IndexedSetting().Replace(ex.Message, m => $"{m.Groups[1].Value}:{m.Groups[2].Value}:");
            message = message.Replace("ConsentFilterOptions.", string.Empty, StringComparison.Ordinal)
                .Replace("SamplerOptions.", string.Empty, StringComparison.Ordinal)
                .Replace("RedactorOptions.", string.Empty, StringComparison.Ordinal);
            var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            throw new EventTrackingConfigurationException($"{context.OptionsPath}:{(cut < 0 ? message : message[..cut])}", ex);
        }
    }

    [GeneratedRegex(@"(\w+)\[(\d+)\]\.")]
    private static partial Regex IndexedSetting();
}
