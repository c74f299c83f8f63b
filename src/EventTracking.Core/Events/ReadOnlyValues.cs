using System.Collections;

namespace EventTracking;

/// <summary>
/// The base of the read-only dictionaries events expose without copying (the merged context, flat anonymous data):
/// lookups, keys and values over <see cref="TryGetValue"/> and the enumerator.
/// </summary>
/// <remarks>
/// Also a read-only non-generic <see cref="IDictionary"/>, as the <see cref="Dictionary{TKey,TValue}"/> instances
/// events held before are, so comparers and serializers that recognize dictionaries compare them by key.
/// </remarks>
internal abstract class ReadOnlyValues : IReadOnlyDictionary<string, object?>, IDictionary
{
    /// <inheritdoc />
    public abstract int Count { get; }

    /// <inheritdoc />
    public IEnumerable<string> Keys => this.Select(static pair => pair.Key);

    /// <inheritdoc />
    public IEnumerable<object?> Values => this.Select(static pair => pair.Value);

    bool IDictionary.IsFixedSize => true;

    bool IDictionary.IsReadOnly => true;

    ICollection IDictionary.Keys => this.Select(static pair => pair.Key).ToArray();

    ICollection IDictionary.Values => this.Select(static pair => pair.Value).ToArray();

    bool ICollection.IsSynchronized => false;

    object ICollection.SyncRoot => this;

    /// <inheritdoc />
    public object? this[string key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The key '{key}' is not present.");

    object? IDictionary.this[object key]
    {
        get => key is string name && TryGetValue(name, out var value) ? value : null;
        set => throw ReadOnly();
    }

    /// <inheritdoc />
    public abstract bool TryGetValue(string key, out object? value);

    /// <inheritdoc />
    public abstract IEnumerator<KeyValuePair<string, object?>> GetEnumerator();

    /// <inheritdoc />
    public virtual bool ContainsKey(string key) => TryGetValue(key, out _);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    bool IDictionary.Contains(object key) => key is string name && ContainsKey(name);

    IDictionaryEnumerator IDictionary.GetEnumerator() => ((IDictionary)new NormalizedDictionary(this)).GetEnumerator();

    void IDictionary.Add(object key, object? value) => throw ReadOnly();

    void IDictionary.Clear() => throw ReadOnly();

    void IDictionary.Remove(object key) => throw ReadOnly();

    void ICollection.CopyTo(Array array, int index)
    {
        ArgumentNullException.ThrowIfNull(array);
        foreach (var (key, value) in this)
        {
            array.SetValue(new DictionaryEntry(key, value), index++);
        }
    }

    private static NotSupportedException ReadOnly() => new("Event values are read-only.");
}
