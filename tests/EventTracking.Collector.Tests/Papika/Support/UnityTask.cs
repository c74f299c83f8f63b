namespace EventTracking.Collector.Tests.Papika.Support;

/// <summary>The Unity client's logger of one task: each event carries the task id and its place in the task.</summary>
internal sealed class UnityTask(UnityClient client, int taskId)
{
    private int _taskSequenceCounter = 1;

    public int TaskId => taskId;

    public void LogEvent(short category, short type, string detail) =>
        client.Queue(client.BuildEvent(category, type, detail, (taskId, _taskSequenceCounter++)));
}
