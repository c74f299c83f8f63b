namespace EventTracking;

/// <summary>Where a user's id is stored, and the secrets it may have been hashed with; see <see cref="UserErasure"/>.</summary>
public sealed class UserErasureOptions
{
    /// <summary>Dotted paths that hold a user id, each starting at <c>context</c> or <c>data</c>. Default <c>context.user_id</c>.</summary>
    public List<string> Fields { get; set; } = ["context.user_id"];

    /// <summary>
    /// Secrets a <see cref="Redactor"/> may have hashed the id with (<see cref="RedactorOptions.Secret"/>), current and
    /// retired, so events holding the hash are found too.
    /// </summary>
    public List<string> Secrets { get; set; } = [];

    /// <summary>
    /// Whether tree-wide erasure (<see cref="EventErasure.EraseUserAsync(ITracker, string, UserErasureOptions?, CancellationToken)"/>) also uses the secret of every
    /// <see cref="Redactor"/> in the routing tree. Default <see langword="true"/>.
    /// </summary>
    public bool IncludeTreeSecrets { get; set; } = true;

    /// <summary>
    /// Stores outside the routing tree that keep data about users under the same id, by the name the report gives them
    /// (such as the collector's Papika tables, which the collector's erasure endpoint adds itself). Tree-wide erasure
    /// erases each after the tree's stores and reports it as a line of its own; a store also in the tree is erased once.
    /// </summary>
    public IDictionary<string, IErasableStore> Stores { get; set; } = new Dictionary<string, IErasableStore>(StringComparer.Ordinal);
}
