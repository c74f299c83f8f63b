using System.Text.Json;

namespace EventTracking.AspNetCore;

/// <summary>Writes an <see cref="ErasureReport"/> as the erasure endpoint's JSON answer.</summary>
/// <example>
/// <code>
/// {"user_id":"10938","removed":200,"complete":false,"stores":[
///   {"path":"log","backend":"SerilogBackend","outcome":"cannot_erase","removed":0},
///   {"path":"store/db","backend":"SqliteBackend","outcome":"erased","removed":200}]}
/// </code>
/// </example>
internal static class ErasureReportJson
{
    public static async Task WriteAsync(Stream body, ErasureReport report, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(body);
        writer.WriteStartObject();
        writer.WriteString("user_id", report.UserId);
        writer.WriteNumber("removed", report.Removed);
        writer.WriteBoolean("complete", report.Complete);
        writer.WriteStartArray("stores");
        foreach (var store in report.Stores)
        {
            writer.WriteStartObject();
            writer.WriteString("path", store.Path);
            writer.WriteString("backend", store.Backend);
            writer.WriteString("outcome", Outcome(store.Outcome));
            writer.WriteNumber("removed", store.Removed);
            if (store.Error is not null)
            {
                writer.WriteString("error", store.Error);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    public static string Outcome(StoreErasureOutcome outcome) => outcome switch
    {
        StoreErasureOutcome.Erased => "erased",
        StoreErasureOutcome.CannotErase => "cannot_erase",
        _ => "failed",
    };
}
