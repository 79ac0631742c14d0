#!/usr/bin/env bash
# The `check` scale figures of BENCHMARKS.md: wall time and peak resident set of the release
# binary on the generated plans of gen_check_plans.py, for the text, JSON and SARIF reports,
# at 1x, 4x and 16x of the hostile shapes. Writes target/bench/check/results.md.
#
#   scripts/bench/check_scale.sh              # every shape and scale
#   CHECK_SCALES="1 4" scripts/bench/check_scale.sh
#
# Needs GNU time (/usr/bin/time) and python3; the plans are written to target/bench/check/
# (about 700 MB at 16x) and left there.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
binary="${CHECK_BINARY:-$root/target/release/terraform-provider-rekognitioniam}"
out="$root/target/bench/check"
scales="${CHECK_SCALES:-1 4 16}"
mkdir -p "$out"
[ -x "$binary" ] || cargo build --locked --release --manifest-path "$root/Cargo.toml"
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed" >&2; exit 2; }

results="$out/results.md"
{
  echo "| shape | scale | plan MB | policies | format | exit | wall s | peak RSS MB | RSS / plan | policies/s |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} > "$results"

measure() { # shape scale format
  local shape=$1 scale=$2 format=$3 plan="$out/$1-$2.json"
  local size_mb policies code wall rss
  size_mb=$(python3 -c "import os; print(f'{os.path.getsize(\"$plan\")/1e6:.1f}')")
  set +e
  # the plans up to 16x are read whole; the array of zeros meets the default limit
  local limit=(--max-input-size 2G)
  [ "$shape" = zeros ] && limit=()
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$binary" check --format "$format" \
    "${limit[@]}" "$plan" > "$out/report.$format" 2> "$out/stderr.txt"
  code=$?
  set -e
  read -r wall rss < <(tail -1 "$out/time.txt")
  policies=$(grep -o 'Checked [0-9]* polic' "$out/report.text" 2>/dev/null | grep -o '[0-9]*' || echo "-")
  python3 - "$shape" "$scale" "$size_mb" "$policies" "$format" "$code" "$wall" "$rss" >> "$results" <<'EOF'
import sys
shape, scale, size, policies, fmt, code, wall, rss = sys.argv[1:]
rss_mb = int(rss) / 1024
ratio = rss_mb / (float(size) / 1.048576) if float(size) else 0
rate = f"{int(policies) / max(float(wall), 0.01):,.0f}" if policies.isdigit() else "-"
print(f"| {shape} | {scale}x | {size} | {policies} | {fmt} | {code} | {wall} | {rss_mb:.0f} | {ratio:.1f} | {rate} |")
EOF
}

for shape in iam documents inline zeros; do
  for scale in $scales; do
    # the iam shape is the 22 MB plan of the targets: 1x only (16x is over the input limit)
    [ "$shape" = iam ] && [ "$scale" != 1 ] && continue
    plan="$out/$shape-$scale.json"
    [ -s "$plan" ] || python3 "$root/scripts/bench/gen_check_plans.py" "$shape" "$scale" "$plan"
    rm -f "$out/report.text"
    for format in text json sarif; do
      measure "$shape" "$scale" "$format"
      [ "$shape" = zeros ] && break
    done
  done
done
# an endless input
set +e
/usr/bin/time -f "%e %M" -o "$out/time.txt" "$binary" check /dev/zero > /dev/null 2>&1
code=$?
set -e
read -r wall rss < <(tail -1 "$out/time.txt")
echo "| /dev/zero | - | endless | - | text | $code | $wall | $((rss / 1024)) | - | - |" >> "$results"
cat "$results"
