#!/usr/bin/env python3
"""Summarises a `scripts/bench.sh` run as Markdown (results.md) and JSON (results.json).

Every ratio is taken within one round of one run (the variants of a round ran interleaved on the
same machine state), then the median over rounds is reported with the range.
Usage: report.py BENCH_OUT_DIR CRITERION_DIR
"""

import glob
import json
import os
import re
import statistics
import sys

TARGETS = {
    "floor": 1.6,  # ours / core floor, at most
    "peer-nodelay": 1.1,  # ours / do-nothing provider, at most
    "peer": 3.0,  # published peer / ours, at least
}


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read_text(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return ""


def verdict(ok):
    return "met" if ok else "**not met**"


def spread(values, digits=2):
    if not values:
        return "n/a"
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.{digits}f}"
    return f"{med:.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def p1(out, summary, lines):
    rounds = {}
    for path in glob.glob(os.path.join(out, "p1", "n*-round*.json")):
        m = re.search(r"n(\d+)-round(\d+)\.json$", path)
        data = load(path)
        if not m or not data:
            continue
        medians = {r["command"]: statistics.median(r["times"]) for r in data["results"]}
        rounds.setdefault(int(m.group(1)), []).append(medians)
    if not rounds:
        return
    lines += [
        "## P1 plan overhead (`terraform plan`, wall time)",
        "",
        "Median of each variant per round; ratios within a round, then the median over rounds "
        "(range in brackets).",
        "",
        "| N | core floor | do-nothing (TCP_NODELAY) | tf-provider published | ours | "
        "ours / floor | ours / do-nothing | published / ours |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    summary["p1"] = {}
    for n in sorted(rounds):
        per = rounds[n]

        def times(v):
            return [r[v] for r in per if v in r]

        def ratio(a, b):
            return [r[a] / r[b] for r in per if a in r and b in r]

        row = {
            "seconds": {v: statistics.median(times(v)) for v in per[0]},
            "ours_over_floor": ratio("ours", "floor"),
            "ours_over_nodelay": ratio("ours", "peer-nodelay"),
            "published_over_ours": ratio("peer", "ours"),
        }
        summary["p1"][n] = row
        ms = lambda v: f"{statistics.median(times(v)) * 1e3:.0f} ms" if times(v) else "n/a"
        lines.append(
            f"| {n} | {ms('floor')} | {ms('peer-nodelay')} | {ms('peer')} | {ms('ours')} | "
            f"{spread(row['ours_over_floor'])} | {spread(row['ours_over_nodelay'])} | "
            f"{spread(row['published_over_ours'])} |"
        )
    if 200 in summary["p1"]:
        row = summary["p1"][200]
        checks = [
            ("ours / floor", row["ours_over_floor"], TARGETS["floor"], "<="),
            ("ours / do-nothing", row["ours_over_nodelay"], TARGETS["peer-nodelay"], "<="),
            ("published / ours", row["published_over_ours"], TARGETS["peer"], ">="),
        ]
        lines += ["", "Targets at N = 200:", ""]
        for name, values, target, op in checks:
            if not values:
                continue
            med = statistics.median(values)
            ok = med <= target if op == "<=" else med >= target
            lines.append(f"- {name} {op} {target}: {med:.2f}, {verdict(ok)}")
    growth(summary["p1"], lines)


def slope(points):
    """Least-squares slope and intercept of (x, y) points, and R^2."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    if sxx == 0:
        return 0.0, my, 1.0
    b = sxy / sxx
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for _, y in points)
    ss_res = sum((y - (a + b * x)) ** 2 for x, y in points)
    return b, a, 1.0 - ss_res / ss_tot if ss_tot else 1.0


def growth(rows, lines):
    sizes = sorted(rows)
    if len(sizes) < 3:
        return
    lines += [
        "",
        "Growth of plan time with N (least squares over N = "
        + ", ".join(map(str, sizes))
        + "): cost per document, fixed cost, and R^2 of the straight line.",
        "",
        "| variant | ms per document | fixed ms | R^2 |",
        "|---|---:|---:|---:|",
    ]
    for v in ["floor", "peer-nodelay", "peer", "ours"]:
        points = [(n, rows[n]["seconds"][v] * 1e3) for n in sizes if v in rows[n]["seconds"]]
        if len(points) < 3:
            continue
        b, a, r2 = slope(points)
        lines.append(f"| {v} | {b:.3f} | {a:.0f} | {r2:.4f} |")


def p2(out, summary, lines):
    ours = load(os.path.join(out, "p2", "ours.json"))
    parliament = load(os.path.join(out, "p2", "parliament.json"))
    if not ours or not parliament:
        return
    documents = parliament["documents"]
    ours_s = ours["median"]["point_estimate"] / 1e9
    theirs_s = parliament["median_pass_seconds"]
    ratio = theirs_s / ours_s
    summary["p2"] = {
        "documents": documents,
        "ours_seconds": ours_s,
        "parliament_seconds": theirs_s,
        "ratio": ratio,
    }
    version = read_text(os.path.join(out, "p2", "parliament-version")) or "?"
    lines += [
        "",
        "## P2 validation throughput (the 1,444 AWS managed policies of the corpus)",
        "",
        "| tool | one pass | policies per second |",
        "|---|---:|---:|",
        f"| Parliament {version} | {theirs_s * 1e3:.0f} ms | {documents / theirs_s:,.0f} |",
        f"| ours (`validate_json`) | {ours_s * 1e3:.1f} ms | {documents / ours_s:,.0f} |",
        "",
        f"Ratio: {ratio:.0f}x Parliament's throughput (target >= 100x: {verdict(ratio >= 100)}).",
    ]


def p3(out, summary, lines):
    data = load(os.path.join(out, "p3", "startup.json"))
    if not data:
        return
    summary["p3"] = data
    targets = {"exec_to_handshake": 5.0, "get_provider_schema_first": 1.0}
    lines += [
        "",
        "## P3 plugin start-up (fresh processes)",
        "",
        "| figure | samples | median ms | p90 ms | min ms | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, f in data.items():
        target = targets.get(name)
        mark = ""
        if target is not None:
            mark = f"<= {target} ms: {verdict(f['median_ms'] <= target)}"
        lines.append(
            f"| {name} | {f['samples']} | {f['median_ms']:.3f} | {f['p90_ms']:.3f} | "
            f"{f['min_ms']:.3f} | {mark} |"
        )


# Criterion results older than this run (set by main) are left out.
RUN_STARTED = 0.0


def criterion_median_ms(criterion, *parts):
    path = os.path.join(criterion, *parts, "new", "estimates.json")
    data = load(path)
    if not data or os.path.getmtime(path) < RUN_STARTED:
        return None
    return data["median"]["point_estimate"] / 1e6


def p4(criterion, summary, lines):
    rows = []
    for shape in ["typical", "harsh"]:
        ms = criterion_median_ms(criterion, "effective_20x50", shape)
        if ms is not None:
            rows.append((shape, ms))
    if not rows:
        return
    summary["p4"] = dict(rows)
    lines += [
        "",
        "## P4 effective permissions, 20 policies x 50 statements (criterion median)",
        "",
        "| policy set | time | target <= 2 ms |",
        "|---|---:|---|",
    ]
    for shape, ms in rows:
        lines.append(f"| {shape} | {ms:.3f} ms | {verdict(ms <= 2.0)} |")


def in_process(criterion, summary, lines):
    rows = []
    for group in ["startup", "policy_document", "policy_attachment"]:
        for path in sorted(glob.glob(os.path.join(criterion, group, "*", "new", "estimates.json"))):
            name = path.split(os.sep)[-3]
            ms = criterion_median_ms(criterion, group, name)
            if ms is not None:
                rows.append((f"{group}/{name}", ms))
    if not rows:
        return
    summary["in_process"] = dict(rows)
    lines += [
        "",
        "## In-process costs behind P1 (criterion median)",
        "",
        "| operation | time |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {ms * 1e3:.1f} µs |" for name, ms in rows]


def read_rows(path):
    """Rows of "peak_kB user_s system_s" (GNU time) in a file."""
    rows = []
    for line in read_text(path).splitlines():
        parts = line.split()
        if len(parts) == 3:
            rows.append((int(parts[0]), float(parts[1]) + float(parts[2])))
    return rows


def p5(out, summary, lines):
    sizes = {}
    totals = {}
    for path in glob.glob(os.path.join(out, "p5", "*-n*.rss")):
        m = re.search(r"([a-z-]+)-n(\d+)\.rss$", os.path.basename(path))
        rows = read_rows(path)
        if m and rows:
            variant, n = m.group(1), int(m.group(2))
            sizes.setdefault(variant, {})[n] = rows
            plan = read_rows(os.path.join(out, "p5", f"{variant}-n{n}.terraform"))
            if plan:
                totals.setdefault(variant, {})[n] = plan[0][1]
    binary = read_text(os.path.join(out, "p5", "binary-size"))
    if not sizes and not binary:
        return
    lines += ["", "## P5 memory, CPU and size", ""]
    if sizes:
        ns = sorted({n for v in sizes.values() for n in v})
        lines += [
            "Per plan: the largest peak resident set of the plugin processes Terraform started "
            "(GNU time), the number of processes, and the CPU seconds of all of them against "
            "the CPU seconds of the whole `terraform plan` (plugins included).",
            "",
            "| variant | N | plugin processes | plugin peak RSS | plugin CPU | plan CPU | "
            "plugin share |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for v in sorted(sizes):
            for n in ns:
                rows = sizes[v].get(n)
                if not rows:
                    continue
                cpu = sum(c for _, c in rows)
                total = totals.get(v, {}).get(n)
                share = f"{cpu / total * 100:.0f}%" if total else "n/a"
                total_text = f"{total:.2f} s" if total else "n/a"
                lines.append(
                    f"| {v} | {n} | {len(rows)} | {max(k for k, _ in rows) / 1024:.1f} MB | "
                    f"{cpu:.2f} s | {total_text} | {share} |"
                )
        summary["p5"] = {
            v: {n: {"peak_kb": max(k for k, _ in r), "cpu_s": sum(c for _, c in r)} for n, r in s.items()}
            for v, s in sizes.items()
        }
        ours = sizes.get("ours", {})
        if 1000 in ours:
            peak = max(k for k, _ in ours[1000]) / 1024
            lines += ["", f"Plugin peak at N = 1,000: {peak:.1f} MB (target <= 30 MB: {verdict(peak <= 30)})."]
        if len(ours) >= 3:
            b, a, r2 = slope([(n, max(k for k, _ in r) / 1024) for n, r in sorted(ours.items())])
            lines.append(
                f"Growth of the peak: {b * 1024:.1f} kB per document over a {a:.1f} MB base "
                f"(R^2 {r2:.3f})."
            )
    if binary:
        mb = int(binary) / 1e6
        summary["binary_bytes"] = int(binary)
        lines += ["", f"Release binary: {mb:.1f} MB (target <= 15 MB: {verdict(mb <= 15)})."]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out, criterion = sys.argv[1], sys.argv[2]
    global RUN_STARTED
    started = os.path.join(out, "started")
    RUN_STARTED = os.path.getmtime(started) if os.path.exists(started) else 0.0
    summary = {}
    lines = ["# Benchmark results", "", "```", read_text(os.path.join(out, "machine.txt")), "```", ""]
    p1(out, summary, lines)
    p2(out, summary, lines)
    p3(out, summary, lines)
    p4(criterion, summary, lines)
    p5(out, summary, lines)
    in_process(criterion, summary, lines)
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(text)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(summary, f, indent=2, default=str)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
