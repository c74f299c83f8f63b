namespace EventTracking.AspNetCore;

/// <summary>A registered backend type: its factory, and whether it is a router that takes processors and children.</summary>
internal sealed record BackendType(Func<EventTrackingTypeContext, IEventBackend> Create, bool IsRouter);
