using System.Runtime.CompilerServices;
using System.Text;

namespace EventTracking.Dashboard.Rendering;

/// <summary>Accumulates a page; see <see cref="HtmlHandler"/> for what is encoded.</summary>
internal sealed class HtmlWriter
{
    internal StringBuilder Builder { get; } = new(4096);

    /// <summary>Appends markup whose holes are encoded.</summary>
    public HtmlWriter Add([InterpolatedStringHandlerArgument("")] ref HtmlHandler html)
    {
        _ = html;
        return this;
    }

    /// <summary>Appends markup that is already safe.</summary>
    public HtmlWriter Add(Markup markup)
    {
        Builder.Append(markup.Value);
        return this;
    }

    public Markup ToMarkup() => new(Builder.ToString());

    public override string ToString() => Builder.ToString();
}
