namespace System.Runtime.CompilerServices;

/// <summary>Lets records compile for netstandard2.0, where the compiler expects this type to exist.</summary>
internal static class IsExternalInit
{
}
