namespace EventTracking;

/// <summary>
/// Erases a user's events from every store of a routing tree that can delete (<see cref="IErasableStore"/>), and
/// reports, store by store, how many events each removed and which stores cannot erase.
/// </summary>
public static class EventErasure
{
    /// <summary>
    /// Flushes the tracker's async routing nodes (so events already emitted are stored, not written after the
    /// erasure), then erases the user's events from every erasable store in its tree, and then from the stores outside
    /// the tree given in <see cref="UserErasureOptions.Stores"/> and <see cref="TrackerOptions.ErasableStores"/>.
    /// </summary>
    /// <param name="tracker">The tracker; it must be a <see cref="Tracker"/>, whose tree can be walked.</param>
    /// <param name="userId">The user's id, such as <c>10938</c>.</param>
    /// <param name="options">Fields and secrets; <see langword="null"/> for <c>context.user_id</c> and the secrets of the
    /// tree's redactors.</param>
    /// <param name="cancellationToken">Stops the flush and the erasure; what was deleted stays deleted.</param>
    /// <returns>The report: a line per store.</returns>
    /// <exception cref="ArgumentException">The id, a field or a secret is invalid; see <see cref="UserErasure"/>.</exception>
    /// <exception cref="NotSupportedException"><paramref name="tracker"/> is not a <see cref="Tracker"/>.</exception>
    public static async ValueTask<ErasureReport> EraseUserAsync(
        this ITracker tracker,
        string userId,
        UserErasureOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        if (tracker is not Tracker concrete)
        {
            throw new NotSupportedException($"Erasure walks a Tracker's routing tree; {tracker.GetType()} is not a Tracker.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        await tracker.FlushAsync(cancellationToken).ConfigureAwait(false);
        return await EraseUserAsync(concrete.Backend, userId, WithTrackerStores(concrete, options), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Erases the user's events from every <see cref="IErasableStore"/> beneath <paramref name="root"/>, including the
    /// children of async routing nodes, each store once. A store that fails does not stop the others. Events still
    /// queued in async nodes are not flushed here; use the tracker overload for that.
    /// </summary>
    /// <param name="root">The routing tree.</param>
    /// <param name="userId">The user's id.</param>
    /// <param name="options">Fields and secrets; <see langword="null"/> for <c>context.user_id</c> and the secrets of the
    /// tree's redactors.</param>
    /// <param name="cancellationToken">Stops the erasure; what was deleted stays deleted.</param>
    /// <returns>The report: a line per leaf backend, in tree order.</returns>
    /// <exception cref="ArgumentException">The id, a field or a secret is invalid; see <see cref="UserErasure"/>.</exception>
    public static async ValueTask<ErasureReport> EraseUserAsync(
        RoutingBackend root,
        string userId,
        UserErasureOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= new UserErasureOptions();
        var leaves = new List<(string Path, IEventBackend Backend)>();
        var treeSecrets = new List<string>();
        Walk(root, string.Empty, leaves, treeSecrets, new HashSet<IEventBackend>(ReferenceEqualityComparer.Instance));
        var erasure = new UserErasure(userId, options, options.IncludeTreeSecrets ? treeSecrets : []);
        var targets = new List<(string Path, object Target)>(leaves.Count);
        targets.AddRange(leaves.Select(l => (l.Path, (object)l.Backend)));
        foreach (var (name, extra) in options.Stores ?? new Dictionary<string, IErasableStore>())
        {
            if (extra is null || string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"UserErasureOptions.Stores has an entry '{name}' without a name or a store.", nameof(options));
            }

            if (!targets.Any(t => ReferenceEquals(t.Target, extra)))
            {
                targets.Add((name, extra));
            }
        }

        var results = new List<StoreErasureResult>(targets.Count);
        foreach (var (path, target) in targets)
        {
            var type = target.GetType().Name;
            if (target is not IErasableStore store)
            {
                results.Add(new StoreErasureResult(path, type, StoreErasureOutcome.CannotErase, 0));
                continue;
            }

            try
            {
                var removed = await store.EraseUserAsync(erasure, cancellationToken).ConfigureAwait(false);
                results.Add(new StoreErasureResult(path, type, StoreErasureOutcome.Erased, removed));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                results.Add(new StoreErasureResult(path, type, StoreErasureOutcome.Failed, 0, $"{ex.GetType().Name}: {ex.Message}"));
            }
        }

        return new ErasureReport(userId, results);
    }

    /// <summary>The options, plus the tracker's stores outside the tree (<see cref="TrackerOptions.ErasableStores"/>) under names not taken.</summary>
    private static UserErasureOptions? WithTrackerStores(Tracker tracker, UserErasureOptions? options)
    {
        if (tracker.ErasableStores?.Invoke() is not { Count: > 0 } extra)
        {
            return options;
        }

        options ??= new UserErasureOptions();
        var stores = new Dictionary<string, IErasableStore>(options.Stores ?? new Dictionary<string, IErasableStore>(), StringComparer.Ordinal);
        foreach (var (name, store) in extra)
        {
            stores.TryAdd(name, store);
        }

        return new UserErasureOptions
        {
            Fields = options.Fields,
            Secrets = options.Secrets,
            IncludeTreeSecrets = options.IncludeTreeSecrets,
            Stores = stores,
        };
    }

    private static void Walk(
        RoutingBackend router,
        string prefix,
        List<(string, IEventBackend)> leaves,
        List<string> secrets,
        HashSet<IEventBackend> seen)
    {
        foreach (var processor in router.Processors)
        {
            if (processor is Redactor { Secret: { } secret })
            {
                secrets.Add(secret);
            }
        }

        foreach (var (name, backend) in router.Backends)
        {
            if (!seen.Add(backend))
            {
                continue;
            }

            var path = prefix.Length == 0 ? name : $"{prefix}/{name}";
            if (backend is RoutingBackend child and not IErasableStore)
            {
                Walk(child, path, leaves, secrets, seen);
            }
            else
            {
                leaves.Add((path, backend));
            }
        }
    }
}
