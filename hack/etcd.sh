#!/usr/bin/env bash
# hack/etcd.sh start [--members 1|3] [--dir DIR] [--no-fsync]
#     start etcd on free loopback ports with a temporary data dir; prints ETCD_DIR=... and
#     ETCD_ENDPOINTS=...; --no-fsync trades durability for speed (tests only, never benchmarks)
# hack/etcd.sh stop --dir DIR                       stop the members started in DIR and remove it
set -euo pipefail
cmd=${1:-}; shift || true
members=1 dir="" nofsync=()
while [ $# -gt 0 ]; do
  case $1 in
    --members) members=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --no-fsync) nofsync=(--unsafe-no-fsync); shift ;;
    *) echo "etcd.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

case $cmd in
start)
  [ "$members" = 1 ] || [ "$members" = 3 ] || { echo "etcd.sh: --members is 1 or 3" >&2; exit 2; }
  etcd_bin=$("$(dirname "$0")/ensure-etcd.sh")
  dir=${dir:-$(mktemp -d -t orgplane-etcd.XXXXXX)}
  mkdir -p "$dir"
  # A free port is only free until something else binds it: a member that exits (its port taken
  # meanwhile) fails this attempt at once, and the cluster is started again on new ports.
  for attempt in 1 2 3; do
    names=() cports=() pports=()
    for i in $(seq 1 "$members"); do names+=("m$i"); cports+=("$(free_port)"); pports+=("$(free_port)"); done
    cluster=""
    for i in "${!names[@]}"; do cluster+="${cluster:+,}${names[$i]}=http://127.0.0.1:${pports[$i]}"; done
    endpoints=""
    for i in "${!names[@]}"; do
      n=${names[$i]} c=${cports[$i]} p=${pports[$i]}
      rm -rf "${dir:?}/$n"
      nohup "$etcd_bin" --name "$n" --data-dir "$dir/$n" \
        --listen-client-urls "http://127.0.0.1:$c" --advertise-client-urls "http://127.0.0.1:$c" \
        --listen-peer-urls "http://127.0.0.1:$p" --initial-advertise-peer-urls "http://127.0.0.1:$p" \
        --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token "orgplane-$$" \
        "${nofsync[@]}" --quota-backend-bytes 8589934592 --max-request-bytes 4194304 --max-txn-ops 1024 \
        >"$dir/$n.log" 2>&1 </dev/null &
      echo $! >"$dir/$n.pid"
      endpoints+="${endpoints:+,}http://127.0.0.1:$c"
    done
    dead=""
    for _ in $(seq 1 100); do
      for n in "${names[@]}"; do kill -0 "$(cat "$dir/$n.pid")" 2>/dev/null || dead=$n; done
      [ -z "$dead" ] || break
      if ETCDCTL_API=3 etcdctl --endpoints "$endpoints" endpoint health >/dev/null 2>&1; then
        echo "ETCD_DIR=$dir"; echo "ETCD_ENDPOINTS=$endpoints"; exit 0
      fi
      sleep 0.2
    done
    [ -n "$dead" ] || break
    echo "etcd.sh: member $dead exited (attempt $attempt): $(tail -n 1 "$dir/$dead.log")" >&2
    for n in "${names[@]}"; do kill -9 "$(cat "$dir/$n.pid")" 2>/dev/null || true; done
    sleep 0.2
  done
  echo "etcd.sh: etcd did not become healthy; see $dir/*.log" >&2; exit 1 ;;
stop)
  [ -n "$dir" ] || { echo "etcd.sh: stop needs --dir" >&2; exit 2; }
  for f in "$dir"/*.pid; do [ -e "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  sleep 0.3
  for f in "$dir"/*.pid; do [ -e "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true; done
  rm -rf "$dir" ;;
*) echo "usage: hack/etcd.sh start [--members 1|3] [--dir DIR] | stop --dir DIR" >&2; exit 2 ;;
esac
