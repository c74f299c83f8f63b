# PostgreSQL for tests/EventTracking.PostgreSql.Tests and the scale test: a throwaway cluster owned by the
# `postgres` user in a temp folder, listening on 127.0.0.1 on a free port. Sourced by .ci/run.
# Exports EVENTTRACKING_POSTGRES_URI (a superuser URI; the tests create their own tables and roles).
et_pg_setup() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [[ -z $bin || ! -x $bin/initdb ]]; then
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 || { echo "could not install postgresql"; return 1; }
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres

  local dir port
  dir=$(mktemp -d /tmp/eventtracking-pg.XXXXXX)
  chown postgres: "$dir"
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done

  runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log"; return 1; }
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null \
    || { cat "$dir/server.log"; return 1; }

  ci_cleanup+=("runuser -u postgres -- '$bin/pg_ctl' -D '$dir/data' -m fast stop >/dev/null 2>&1; rm -rf '$dir'")
  export EVENTTRACKING_POSTGRES_URI="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}
et_pg_setup
