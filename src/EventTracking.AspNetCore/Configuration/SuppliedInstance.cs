namespace EventTracking.AspNetCore;

/// <summary>Wraps an instance the application passed in, so the host knows not to dispose it.</summary>
internal sealed class SuppliedInstance<T>
    where T : class
{
    private readonly T _instance;

    public SuppliedInstance(T instance)
    {
        _instance = instance;
    }

    public T Get(IServiceProvider services) => _instance;
}
