using EventTracking;
using EventTracking.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The verbs that add the privacy processors (redaction, consent, sampling) to a router built in code.</summary>
public static class PrivacyRoutingBuilderExtensions
{
    /// <summary>Appends a <see cref="Redactor"/> to the router's chain.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="configure">Sets the rules and the secret.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentException">A rule is invalid or the secret is missing; see <see cref="Redactor"/>.</exception>
    public static TBuilder AddRedaction<TBuilder>(this TBuilder builder, Action<RedactorOptions> configure)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new RedactorOptions();
        configure(options);
        return builder.AddProcessor(new Redactor(options));
    }

    /// <summary>
    /// Appends a <see cref="ConsentFilter"/> to the router's chain; it uses the <see cref="IConsentResolver"/> registered
    /// in DI unless <paramref name="configure"/> sets another.
    /// </summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="configure">Changes the settings; <see langword="null"/> for the defaults.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static TBuilder AddConsentFilter<TBuilder>(this TBuilder builder, Action<ConsentFilterOptions>? configure = null)
        where TBuilder : IEventRoutingBuilder =>
        builder.AddProcessor(services =>
        {
            var options = new ConsentFilterOptions { Resolver = services.GetService<IConsentResolver>() };
            configure?.Invoke(options);
            return new ConsentFilter(options);
        });

    /// <summary>Appends a <see cref="Sampler"/> to the router's chain.</summary>
    /// <typeparam name="TBuilder">The builder's type, kept so calls chain.</typeparam>
    /// <param name="builder">The router being built.</param>
    /// <param name="configure">Sets the rules and the key.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentException">A rule is invalid; see <see cref="Sampler"/>.</exception>
    public static TBuilder AddSampling<TBuilder>(this TBuilder builder, Action<SamplerOptions> configure)
        where TBuilder : IEventRoutingBuilder
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SamplerOptions();
        configure(options);
        return builder.AddProcessor(new Sampler(options));
    }
}
