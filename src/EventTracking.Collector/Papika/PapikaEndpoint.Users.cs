namespace EventTracking.Collector;

/// <content>The routes outside a session: users, save data and experiment conditions, kept in Papika's store.</content>
internal sealed partial class PapikaEndpoint
{
    /// <summary><c>/api/user</c>: <c>{username}</c> → the user's id, created when the name is new.</summary>
    private async Task<PapikaReply> FindOrCreateUserAsync(PapikaRequest request)
    {
        var data = request.Data();
        var username = data.Name("username", MaxNameLength);
        if (data.Error is { } error)
        {
            return Refuse(error);
        }

        return RateLimited(request, 0)
            ?? PapikaReply.UserId(await _store.FindOrCreateUserAsync(username, request.Aborted).ConfigureAwait(false));
    }

    /// <summary><c>/api/user/get_data</c>: <c>{id}</c> → the user's save data.</summary>
    private async Task<PapikaReply> GetSaveDataAsync(PapikaRequest request)
    {
        var data = request.Data();
        var userId = data.Uuid("id");
        if (data.Error is { } error)
        {
            return Refuse(error);
        }

        if (RateLimited(request, 0) is { } limited)
        {
            return limited;
        }

        var (found, saveData) = await _store.GetSaveDataAsync(userId, request.Aborted).ConfigureAwait(false);
        return found ? PapikaReply.SaveData(userId, saveData) : Refuse(PapikaError.NotFound("unknown user"));
    }

    /// <summary><c>/api/user/set_data</c>: <c>{id, savedata}</c> → replaces the user's save data.</summary>
    private async Task<PapikaReply> SetSaveDataAsync(PapikaRequest request)
    {
        var data = request.Data();
        var userId = data.Uuid("id");
        var saveData = data.NullableString("savedata");
        if (data.Error is { } error)
        {
            return Refuse(error);
        }

        if (RateLimited(request, 0) is { } limited)
        {
            return limited;
        }

        return await _store.SetSaveDataAsync(userId, saveData, request.Aborted).ConfigureAwait(false)
            ? PapikaReply.Success()
            : Refuse(PapikaError.NotFound("unknown user"));
    }

    /// <summary><c>/api/experiment</c>: <c>{user_id, experiment_id}</c> → a random condition the first time, the same one after.</summary>
    private async Task<PapikaReply> AssignConditionAsync(PapikaRequest request)
    {
        var data = request.Data();
        var userId = data.Uuid("user_id");
        var experimentId = data.Uuid("experiment_id");
        if (data.Error is { } error)
        {
            return Refuse(error);
        }

        if (!_experiments.TryGetValue(experimentId, out var conditions))
        {
            return Refuse(PapikaError.NotFound("unknown experiment"));
        }

        if (RateLimited(request, 0) is { } limited)
        {
            return limited;
        }

        var candidate = Random.Shared.Next(1, conditions + 1);
        return PapikaReply.Condition(await _store.AssignConditionAsync(userId, experimentId, candidate, request.Aborted).ConfigureAwait(false));
    }
}
