#!/usr/bin/env python3
"""Times Parliament's analyze_policy_string over every document of a cases.json corpus.

Prints one JSON object: documents, findings, documents on which Parliament raised, passes, per-pass seconds (each pass analyses every document
once), and the median pass. The first pass is a warm-up (imports, Parliament's own caches) and is
not counted, as the Rust side's warm-up is not either.
Usage: parliament_driver.py CASES_JSON [PASSES]
"""

import json
import statistics
import sys
import time

import parliament


def main():
    cases_path = sys.argv[1]
    passes = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with open(cases_path) as f:
        documents = [case["policy_document_sent"] for case in json.load(f)]
    findings = 0
    crashed = 0
    for text in documents:
        try:
            findings += len(parliament.analyze_policy_string(text).findings)
        except Exception:  # Parliament raises on some condition types it does not know.
            crashed += 1
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        for text in documents:
            try:
                parliament.analyze_policy_string(text)
            except Exception:
                pass
        times.append(time.perf_counter() - start)
    print(
        json.dumps(
            {
                "tool": "parliament " + getattr(parliament, "__version__", "?"),
                "documents": len(documents),
                "findings": findings,
                "documents_raising": crashed,
                "passes": passes,
                "pass_seconds": times,
                "median_pass_seconds": statistics.median(times),
            }
        )
    )


if __name__ == "__main__":
    main()
