# Sourced by .ci/run: starts a throwaway PostgreSQL 15 cluster on loopback for the parity run and
# exports CI_POSTGRES_URL. The cluster lives in a temporary folder and is stopped on exit.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
ci_pg_dir=$(mktemp -d /tmp/hekax-ci-pg.XXXXXX)
ci_pg_port=${CI_POSTGRES_PORT:-55432}
chown postgres "$ci_pg_dir"
runuser -u postgres -- "$pg_bin/initdb" -D "$ci_pg_dir/data" -U postgres --auth=trust >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$ci_pg_dir/data" -o "-c listen_addresses=127.0.0.1 -p $ci_pg_port -k $ci_pg_dir -c fsync=off" -l "$ci_pg_dir/log" -w start >/dev/null
trap 'runuser -u postgres -- "$pg_bin/pg_ctl" -D "$ci_pg_dir/data" -m fast stop >/dev/null 2>&1; rm -rf "$ci_pg_dir"' EXIT
runuser -u postgres -- "$pg_bin/createdb" -h 127.0.0.1 -p "$ci_pg_port" hekax_test
export CI_POSTGRES_URL="postgresql://postgres@127.0.0.1:$ci_pg_port/hekax_test"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') for the parity run: $CI_POSTGRES_URL"
