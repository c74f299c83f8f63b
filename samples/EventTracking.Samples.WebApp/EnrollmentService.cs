namespace EventTracking.Samples.WebApp;

/// <summary>
/// An application service that knows nothing about HTTP: the request context reaches its events anyway, across the
/// await, because the middleware's frame flows with the request's async calls.
/// </summary>
internal sealed class EnrollmentService
{
    private readonly ITracker _tracker;

    public EnrollmentService(ITracker tracker)
    {
        _tracker = tracker;
    }

    public async Task<string> EnrollAsync(string courseId, string mode, CancellationToken cancellationToken)
    {
        // Stands in for a database call.
        await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);

        var enrollmentId = Guid.NewGuid().ToString("N");
        _tracker.Emit("edx.course.enrollment.activated", new { course_id = courseId, mode, enrollment_id = enrollmentId });
        return enrollmentId;
    }
}
