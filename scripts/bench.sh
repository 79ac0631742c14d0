#!/usr/bin/env bash
# Benchmarks of the provider (see BENCHMARKS.md for the method and the results).
#
#   P1  terraform plan with N policy documents and N/10 attachments, side by side with the same
#       documents in Terraform alone (the floor) and in a do-nothing provider on the tf-provider
#       crate, as published and with TCP_NODELAY patched in at bench time
#   P2  validation throughput on the Access Analyzer corpus against Parliament (PyPI)
#   P3  plugin start-up: exec to handshake line, GetProviderSchema latency
#   P4  effective permissions of 20 policies x 50 statements (criterion)
#   P5  peak resident memory of the plugin during the plans, release binary size
#   + the in-process costs behind P1 (criterion: start-up pieces, one read, one plan)
#
# Installs what it needs (hyperfine, GNU time, protoc for the peer, a virtualenv with
# Parliament), builds everything, runs, and writes target/bench/results.md and results.json.
# Environment: BENCH_SIZES (default "10 200 1000"), BENCH_ROUNDS (3), BENCH_RUNS (5 per round),
# BENCH_STARTUP_REPS (100), BENCH_SKIP (space-separated parts to skip: p1 p2 p3 p4 p5 criterion).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# The provider's version lives in Cargo.toml.
OURS_VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -n 1)
export OURS_VERSION
OUT=${BENCH_OUT:-$ROOT/target/bench}
SIZES=${BENCH_SIZES:-"10 200 1000"}
ROUNDS=${BENCH_ROUNDS:-3}
RUNS=${BENCH_RUNS:-5}
STARTUP_REPS=${BENCH_STARTUP_REPS:-100}
SKIP=" ${BENCH_SKIP:-} "
SHARED=$ROOT/../shared
CORPUS=$SHARED/corpora/access-analyzer-mamip/cases.json
PEER_VERSION=0.2.2
OS_ARCH="$(uname -s | tr '[:upper:]' '[:lower:]')_$(uname -m | sed -e 's/x86_64/amd64/' -e 's/aarch64/arm64/')"

export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
unset TF_LOG

log() { printf '\n== %s\n' "$*" >&2; }
skipped() { [[ "$SKIP" == *" $1 "* ]]; }

# ---------------------------------------------------------------------------------------------
# Tools

apt_install() {
  log "installing $*"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

tools() {
  local missing=()
  command -v hyperfine >/dev/null || missing+=(hyperfine)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v protoc >/dev/null || missing+=(protobuf-compiler)
  command -v terraform >/dev/null || { echo "terraform is not on PATH" >&2; exit 1; }
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  # The peer's build script needs a real protoc; ours needs none.
  PEER_PROTOC=$(command -v protoc)
}

parliament_env() {
  if [ ! -x "$OUT/venv/bin/python" ]; then
    log "creating a virtualenv with Parliament"
    python3 -m venv "$OUT/venv" || { apt_install python3-venv; python3 -m venv "$OUT/venv"; }
  fi
  "$OUT/venv/bin/python" -c 'import parliament' 2>/dev/null ||
    "$OUT/venv/bin/pip" install -q parliament
}

# ---------------------------------------------------------------------------------------------
# Builds

build_ours() {
  log "building the provider (release)"
  (cd "$ROOT" && cargo build --release --locked)
  OURS_BIN=$ROOT/target/release/terraform-provider-rekognitioniam
}

# The peer is built twice in one target directory: against tf-provider as published, and
# against a copy of the published crate in target/ with one line changed so that accepted sockets
# get TCP_NODELAY (`--config patch...`; only tf-provider and the peer are rebuilt).
build_peer() {
  local manifest=$ROOT/bench/peer/Cargo.toml target=$OUT/peer-target
  mkdir -p "$OUT/bin"
  log "building the tf-provider peer as published"
  PROTOC=$PEER_PROTOC CARGO_TARGET_DIR=$target cargo build --release --manifest-path "$manifest"
  PEER_PUBLISHED_BIN=$OUT/bin/peer-published
  cp "$target/release/bench-peer-provider" "$PEER_PUBLISHED_BIN"

  local src
  src=$(cargo metadata --format-version 1 --manifest-path "$manifest" |
    python3 -c 'import json,sys,os; m=json.load(sys.stdin); print(next(os.path.dirname(p["manifest_path"]) for p in m["packages"] if p["name"]=="tf-provider"))')
  local patched=$OUT/tf-provider-nodelay
  rm -rf "$patched" && cp -r "$src" "$patched" && chmod -R u+w "$patched"
  # tonic sets TCP_NODELAY only on sockets it binds itself; tf-provider hands it a listener.
  sed -i 's/\.serve_with_incoming_shutdown(tcp_stream, /.serve_with_incoming_shutdown(tokio_stream::StreamExt::map(tcp_stream, |s| s.and_then(|s| s.set_nodelay(true).map(|()| s))), /' \
    "$patched/src/server.rs"
  grep -q 'set_nodelay(true)' "$patched/src/server.rs" ||
    { echo "the TCP_NODELAY patch no longer applies to tf-provider" >&2; exit 1; }
  log "building the tf-provider peer with TCP_NODELAY"
  PROTOC=$PEER_PROTOC CARGO_TARGET_DIR=$target cargo build --release --manifest-path "$manifest" \
    --config "patch.crates-io.tf-provider.path=\"$patched\""
  PEER_NODELAY_BIN=$OUT/bin/peer-nodelay
  cp "$target/release/bench-peer-provider" "$PEER_NODELAY_BIN"
}

# ---------------------------------------------------------------------------------------------
# Terraform mirror and configurations

# install_provider MIRROR NAMESPACE TYPE VERSION FILE
install_provider() {
  local dir=$1/registry.terraform.io/$2/$3/$4/$OS_ARCH
  mkdir -p "$dir"
  cp "$5" "$dir/terraform-provider-$3_v$4"
}

# cli_config MIRROR FILE: a CLI configuration that installs everything from MIRROR only.
cli_config() {
  cat >"$2" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$1"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
EOF
}

# A wrapper that records, for every plugin process, its peak RSS (kB) and CPU seconds (user,
# system) in $1.
rss_wrapper() {
  local log=$1 real=$2 wrapper=$3
  cat >"$wrapper" <<EOF
#!/bin/sh
exec /usr/bin/time -a -o "$log" -f "%M %U %S" "$real" "\$@"
EOF
  chmod +x "$wrapper"
}

setup_terraform() {
  log "writing configurations and initialising them offline"
  rm -rf "$OUT/mirror" "$OUT/configs"
  install_provider "$OUT/mirror" rekognitioniam rekognitioniam "$OURS_VERSION" "$OURS_BIN"
  install_provider "$OUT/mirror" tfprovider peer $PEER_VERSION "$PEER_PUBLISHED_BIN"
  install_provider "$OUT/mirror" tfprovidernodelay peer $PEER_VERSION "$PEER_NODELAY_BIN"
  cli_config "$OUT/mirror" "$OUT/terraformrc"
  python3 "$ROOT/scripts/bench/gen_configs.py" "$OUT/configs" $SIZES
  local dir
  for dir in "$OUT"/configs/*/*; do
    TF_CLI_CONFIG_FILE=$OUT/terraformrc terraform -chdir="$dir" init -input=false -no-color >/dev/null
  done
}

# ---------------------------------------------------------------------------------------------
# P1: plan time, side by side, in rounds (odd rounds in reverse order) so that load from other
# work on the machine falls on every variant alike.

VARIANTS="floor peer-nodelay ours peer"

plan_cmd() {
  echo "terraform -chdir=$OUT/configs/$1/$2 plan -refresh=false -input=false -no-color -lock=false"
}

p1() {
  local n round variants args
  mkdir -p "$OUT/p1"
  for n in $SIZES; do
    for round in $(seq 1 "$ROUNDS"); do
      variants=$VARIANTS
      if [ $((round % 2)) = 0 ]; then variants=$(echo "$VARIANTS" | tr ' ' '\n' | tac | tr '\n' ' '); fi
      args=()
      for v in $variants; do args+=(--command-name "$v" "$(plan_cmd "$v" "$n")"); done
      log "P1 plan, N=$n, round $round/$ROUNDS"
      TF_CLI_CONFIG_FILE=$OUT/terraformrc hyperfine --style basic --warmup 1 --runs "$RUNS" \
        --export-json "$OUT/p1/n$n-round$round.json" "${args[@]}" >&2
    done
  done
}

# ---------------------------------------------------------------------------------------------
# P5: peak RSS of every plugin process during the plans; binary size.

p5() {
  log "P5 memory: plans with plugin binaries wrapped in GNU time"
  local mirror=$OUT/rss-mirror n v dir
  rm -rf "$mirror" "$OUT/p5" && mkdir -p "$OUT/p5/bin"
  for v in ours peer-nodelay; do
    local real=$OURS_BIN ns=rekognitioniam type=rekognitioniam version=$OURS_VERSION
    if [ "$v" = peer-nodelay ]; then
      real=$PEER_NODELAY_BIN ns=tfprovidernodelay type=peer version=$PEER_VERSION
    fi
    rss_wrapper "$OUT/p5/rss-$v.log" "$real" "$OUT/p5/bin/$v"
    install_provider "$mirror" "$ns" "$type" "$version" "$OUT/p5/bin/$v"
  done
  cli_config "$mirror" "$OUT/p5/terraformrc"
  for n in $SIZES; do
    for v in ours peer-nodelay; do
      dir=$OUT/p5/configs/$v/$n
      mkdir -p "$dir" && cp "$OUT/configs/$v/$n/main.tf" "$dir/"
      TF_CLI_CONFIG_FILE=$OUT/p5/terraformrc terraform -chdir="$dir" init -input=false -no-color >/dev/null
      : >"$OUT/p5/rss-$v.log"
      /usr/bin/time -o "$OUT/p5/$v-n$n.terraform" -f "%M %U %S" \
        env TF_CLI_CONFIG_FILE=$OUT/p5/terraformrc terraform -chdir="$dir" plan -refresh=false \
        -input=false -no-color -lock=false >/dev/null
      # One line per plugin process: peak RSS in kB, user and system CPU seconds.
      grep -E '^[0-9]+ [0-9.]+ [0-9.]+$' "$OUT/p5/rss-$v.log" >"$OUT/p5/$v-n$n.rss" || true
    done
  done
  stat -c %s "$OURS_BIN" >"$OUT/p5/binary-size"
}

# ---------------------------------------------------------------------------------------------
# P2, P3, P4 and the in-process costs.

p2() {
  if [ ! -f "$CORPUS" ]; then
    log "P2 skipped: ../shared/corpora/access-analyzer-mamip/cases.json is absent (development material)"
    return
  fi
  parliament_env
  log "P2 validation throughput: ours (criterion), then Parliament, same corpus"
  (cd "$ROOT" && cargo bench --locked --bench validate_corpus -- --noplot)
  mkdir -p "$OUT/p2"
  cp "$ROOT/target/criterion/validate_corpus/all_documents/new/estimates.json" "$OUT/p2/ours.json"
  "$OUT/venv/bin/python" "$ROOT/scripts/bench/parliament_driver.py" "$CORPUS" 3 >"$OUT/p2/parliament.json"
  "$OUT/venv/bin/pip" show parliament 2>/dev/null | sed -n 's/^Version: //p' >"$OUT/p2/parliament-version"
}

p3() {
  log "P3 plugin start-up ($STARTUP_REPS fresh processes)"
  mkdir -p "$OUT/p3"
  (cd "$ROOT" && BENCH_STARTUP_REPS=$STARTUP_REPS BENCH_JSON=$OUT/p3/startup.json \
    BENCH_PEER_BINARY=${PEER_NODELAY_BIN:-} cargo bench --locked --bench plugin_startup)
}

p4_and_criterion() {
  log "P4 effective permissions and in-process costs (criterion)"
  (cd "$ROOT" && cargo bench --locked --bench effective --bench plugin_calls -- --noplot)
}

machine() {
  {
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc: $(nproc)"
    echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
    echo "memory: $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
    echo "terraform: $(terraform version | head -1)"
    echo "hyperfine: $(hyperfine --version)"
    echo "rustc: $(rustc --version)"
    echo "python: $(python3 --version)"
    echo "load average at $1: $(cut -d' ' -f1-3 /proc/loadavg)"
  } >>"$OUT/machine.txt"
}

main() {
  mkdir -p "$OUT"
  : >"$OUT/machine.txt"
  # criterion keeps results of earlier runs; the report leaves out those older than this file
  if skipped criterion && skipped p2; then :; else touch "$OUT/started"; fi
  tools
  machine start
  build_ours
  if ! skipped p1 || ! skipped p5 || ! skipped p3; then build_peer; fi
  if ! skipped p1 || ! skipped p5; then setup_terraform; fi
  skipped p1 || p1
  skipped p5 || p5
  skipped p3 || p3
  skipped p2 || p2
  skipped p4 || skipped criterion || p4_and_criterion
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
  python3 "$ROOT/scripts/bench/report.py" "$OUT" "$ROOT/target/criterion"
}

main "$@"
