using System.Text.Json;

namespace EventTracking.Collector;

/// <summary>
/// Reads an <c>/api/event</c> batch: a JSON array of events, every one validated (task fields included) before any is
/// built, so a batch is taken whole or refused whole.
/// </summary>
internal static class PapikaEventBatch
{
    private const int MaxTypeId = short.MaxValue;

    public static PapikaError? Read(JsonElement payload, int maxBatchSize, out List<PapikaEvent> events)
    {
        events = [];
        if (payload.ValueKind != JsonValueKind.Array)
        {
            return PapikaError.BadRequest("'data' must be a JSON array of events");
        }

        var count = payload.GetArrayLength();
        if (count > maxBatchSize)
        {
            return PapikaError.BadRequest($"the batch holds {count} events; at most {maxBatchSize} are accepted");
        }

        var index = 0;
        foreach (var element in payload.EnumerateArray())
        {
            if (ReadOne(element, out var evt) is { } error)
            {
                events = [];
                return error.AtEvent(index);
            }

            events.Add(evt!);
            index++;
        }

        return null;
    }

    /// <summary>Builds the stored form of a validated event: name <c>papika.&lt;category&gt;.&lt;type&gt;</c>, data from <c>detail</c> plus the sequence and task fields.</summary>
    public static TrackingEvent ToTrackingEvent(PapikaEvent evt, PapikaSession session, CollectorFields fields, int maxDepth) =>
        PapikaEventData.Create(
            PapikaEventIds.ForEvent(session.Id, evt),
            evt.Name,
            fields.ReceivedAt,
            PapikaEventData.Context(session, evt.ClientTime, fields),
            evt.Detail,
            maxDepth,
            data =>
            {
                data["session_sequence_index"] = evt.SessionSequenceIndex;
                if (evt.TaskStart is { } start)
                {
                    data["task_start"] = new Dictionary<string, object?> { ["task_id"] = start.TaskId, ["group_id"] = start.GroupId.ToString("D") };
                }

                if (evt.TaskEvent is { } member)
                {
                    data["task_event"] = new Dictionary<string, object?> { ["task_id"] = member.TaskId, ["task_sequence_index"] = member.TaskSequenceIndex };
                }
            });

    private static PapikaError? ReadOne(JsonElement element, out PapikaEvent? evt)
    {
        evt = null;
        var fields = new PapikaFieldReader(element, "an event");
        var sequenceIndex = fields.Integer("session_sequence_index");
        var (clientTimeText, clientTime) = fields.ClientTime();
        var categoryId = fields.Integer("category_id", 0, MaxTypeId);
        var typeId = fields.Integer("type_id", 0, MaxTypeId);
        var detail = fields.String("detail");
        PapikaError? startError = null;
        PapikaError? memberError = null;
        var taskStart = fields.Has("task_start") ? TaskStart(fields.Element("task_start"), out startError) : null;
        var taskEvent = fields.Has("task_event") ? TaskEvent(fields.Element("task_event"), out memberError) : null;
        if ((fields.Error ?? startError ?? memberError) is { } error)
        {
            return error;
        }

        evt = new PapikaEvent(sequenceIndex, clientTimeText, clientTime, categoryId, typeId, detail, taskStart, taskEvent);
        return null;
    }

    private static (int TaskId, Guid GroupId)? TaskStart(JsonElement element, out PapikaError? error)
    {
        var fields = new PapikaFieldReader(element, "'task_start'", "task_start: ");
        var taskId = fields.Integer("task_id");
        var groupId = fields.Uuid("group_id");
        error = fields.Error;
        return (taskId, groupId);
    }

    private static (int TaskId, int TaskSequenceIndex)? TaskEvent(JsonElement element, out PapikaError? error)
    {
        var fields = new PapikaFieldReader(element, "'task_event'", "task_event: ");
        var taskId = fields.Integer("task_id");
        var sequenceIndex = fields.Integer("task_sequence_index");
        error = fields.Error;
        return (taskId, sequenceIndex);
    }
}
