using System.Text;
using Npgsql;

namespace EventTracking;

/// <summary>Erasure for <see cref="PostgreSqlBackend"/>.</summary>
public sealed partial class PostgreSqlBackend : IErasableStore
{
    /// <summary>
    /// Deletes, in one statement on a connection of its own, every stored event whose erasure fields hold the user's id
    /// or one of its keyed hashes. A number stored in a field is compared by its text, so <c>10938</c> matches both
    /// <c>10938</c> and <c>"10938"</c>.
    /// </summary>
    /// <param name="erasure">Whose events, and where the id is stored.</param>
    /// <param name="cancellationToken">Stops waiting for the server.</param>
    /// <returns>How many events were deleted; 0 when the table does not exist yet.</returns>
    /// <exception cref="NpgsqlException">The server could not be reached or refused the delete; nothing was deleted.</exception>
    /// <exception cref="ObjectDisposedException">The backend was disposed.</exception>
    public async ValueTask<long> EraseUserAsync(UserErasure erasure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var command = _dataSource.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "SELECT to_regclass($1) IS NOT NULL";
            command.Parameters.Add(new NpgsqlParameter { Value = _schema.QualifiedTable });
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return 0;
            }

            command.Parameters.Clear();
            command.Parameters.Add(new NpgsqlParameter { Value = erasure.Values.ToArray() });
            var sql = new StringBuilder($"DELETE FROM {_schema.QualifiedTable} WHERE ");
            for (var i = 0; i < erasure.Fields.Count; i++)
            {
                var segments = erasure.Fields[i].Split('.');
                var column = string.Equals(segments[0], "context", StringComparison.OrdinalIgnoreCase) ? "context" : "data";
                command.Parameters.Add(new NpgsqlParameter { Value = segments[1..] });
                sql.Append(i == 0 ? string.Empty : " OR ").Append($"({column} #>> ${i + 2}::text[]) = ANY($1)");
            }

            command.CommandText = sql.ToString();
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
