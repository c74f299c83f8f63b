namespace EventTracking.Collector;

/// <summary>The SQL of Papika's store. Table names are fixed; every value travels as a parameter.</summary>
internal static class PapikaStoreSql
{
    public const string Setup = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS papika_users (
            id TEXT NOT NULL PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            savedata TEXT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS papika_sessions (
            id TEXT NOT NULL PRIMARY KEY,
            session_key TEXT NOT NULL,
            user_id TEXT NOT NULL,
            release_id TEXT NOT NULL,
            library_revid TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS papika_experiment_conditions (
            user_id TEXT NOT NULL,
            experiment_id TEXT NOT NULL,
            condition INTEGER NOT NULL,
            assigned_at TEXT NOT NULL,
            PRIMARY KEY (user_id, experiment_id)
        );
        """;

    // Two clients asking for the same new username at once: one insert wins, and both read the winner's id.
    public const string InsertUser = "INSERT INTO papika_users (id, username, savedata, created_at) VALUES ($id, $username, NULL, $now) ON CONFLICT (username) DO NOTHING;";

    public const string SelectUserId = "SELECT id FROM papika_users WHERE username = $username;";

    public const string SelectSaveData = "SELECT savedata FROM papika_users WHERE id = $id;";

    public const string UpdateSaveData = "UPDATE papika_users SET savedata = $savedata WHERE id = $id;";

    // Sticky conditions: the first assignment wins, even when two first requests race.
    public const string InsertCondition = "INSERT INTO papika_experiment_conditions (user_id, experiment_id, condition, assigned_at) VALUES ($user, $experiment, $condition, $now) ON CONFLICT (user_id, experiment_id) DO NOTHING;";

    public const string SelectCondition = "SELECT condition FROM papika_experiment_conditions WHERE user_id = $user AND experiment_id = $experiment;";

    public const string InsertSession = "INSERT INTO papika_sessions (id, session_key, user_id, release_id, library_revid, created_at) VALUES ($id, $key, $user, $release, $revid, $now);";

    public const string SelectSession = "SELECT session_key, user_id, release_id, library_revid FROM papika_sessions WHERE id = $id;";
}
