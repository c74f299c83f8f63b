# Redis for tests/EventTracking.Redis.Tests and the scale test: redis-server run by the `redis` user from a temp
# folder, listening on 127.0.0.1 on a free port, with an append-only file. Sourced by .ci/run.
# Exports EVENTTRACKING_REDIS_URI (host:port, a StackExchange.Redis configuration string).
et_redis_setup() {
  if ! command -v redis-server >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null 2>&1 || { echo "could not install redis-server"; return 1; }
  fi
  local user=redis
  id "$user" >/dev/null 2>&1 || user=nobody

  local dir port
  dir=$(mktemp -d /tmp/eventtracking-redis.XXXXXX)
  chown "$user" "$dir"
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done

  runuser -u "$user" -- redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --appendonly yes --save "" \
    || { cat "$dir/redis.log" 2>/dev/null; return 1; }
  for _ in $(seq 1 100); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$port" ping >/dev/null 2>&1 || { cat "$dir/redis.log"; return 1; }

  ci_cleanup+=("redis-cli -p $port shutdown nosave >/dev/null 2>&1; rm -rf '$dir'")
  export EVENTTRACKING_REDIS_URI="127.0.0.1:$port"
  echo "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$port"
}
et_redis_setup
