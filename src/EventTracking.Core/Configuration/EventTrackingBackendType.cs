namespace EventTracking;

/// <summary>A backend type that configuration can name in a node's <c>Type</c>.</summary>
/// <param name="Name">The short name, such as <c>Sqlite</c>; compared ignoring case.</param>
/// <param name="Create">Creates the backend from the node's context.</param>
/// <param name="IsRouter">Whether the backend is a router that takes <c>Processors</c> and <c>Backends</c>.</param>
public sealed record EventTrackingBackendType(string Name, Func<EventTrackingTypeContext, IEventBackend> Create, bool IsRouter);
