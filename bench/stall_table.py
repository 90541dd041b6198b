"""The markdown tables of docs/benchmarks.md from the JSON lines of `autogen-bench stall` (bench/stall.sh)."""

import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
servers = list(dict.fromkeys(r["server"] for r in rows))
sizes = sorted({r["rows"] for r in rows})
changes = list(dict.fromkeys(r["change"] for r in rows))
def cell(server, size, change, form):
    for r in rows:
        if (r["server"], r["rows"], r["change"], r["form"]) == (server, size, change, form):
            s = r["longest_insert_s"]
            return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"
    return "—"
for server in servers:
    print(f"\n**{server}**: the longest insert while the migration runs (a writer inserting back to back)\n")
    head = " | ".join(f"{n:,} rows {form}" for n in sizes for form in ("plain", "lock-safe"))
    print(f"| change | {head} |")
    print("|---|" + "---|" * (2 * len(sizes)))
    for change in changes:
        if change.startswith("(no migration"):
            cells = " | ".join(cell(server, n, change, "-") for n in sizes for _ in (0, 1))
        else:
            cells = " | ".join(cell(server, n, change, f) for n in sizes for f in ("plain", "lock-safe"))
        print(f"| {change} | {cells} |")
