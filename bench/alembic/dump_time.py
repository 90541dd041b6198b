"""Time a schema-only dump of a database, as a floor for the cost of
reading a whole schema over the wire.

PostgreSQL: pg_dump --schema-only -h HOST -U USER NAME > /dev/null
MariaDB:    mysqldump --no-data -h HOST -uUSER NAME > /dev/null
            (mariadb-dump when mysqldump is not installed)

The dump runs once untimed, to check that it succeeds and to count the
CREATE TABLE statements it prints, and then --runs times, wall clock,
each run checked too.  One JSON line goes to stdout, everything else to
stderr.

Usage:
    python3 dump_time.py --backend postgres|mysql --db NAME [--runs 5]
                         [--host 127.0.0.1] [--user postgres|root]

Exit status: 0 on success, 1 when the dump fails or its tool is missing,
2 for a bad command line.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import time

from timing import positive_int, timing_fields

TOOLS = {
    "postgres": {
        "label": "pg_dump --schema-only",
        "programs": ("pg_dump",),
        "url_backend": "postgresql",
        "user": "postgres",
    },
    "mysql": {
        "label": "mysqldump --no-data",
        "programs": ("mysqldump", "mariadb-dump"),
        "url_backend": "mysql",
        "user": "root",
    },
}
CREATE_TABLE = re.compile(r"^CREATE TABLE ", re.MULTILINE)


class DumpError(Exception):
    """An expected failure, reported on stderr without a traceback."""


def log(message):
    """Print a progress message on stderr."""
    print(message, file=sys.stderr, flush=True)


def find_program(backend):
    """Return the path of the first dump program installed for backend."""
    for name in TOOLS[backend]["programs"]:
        path = shutil.which(name)
        if path:
            return path
    raise DumpError(f"none of {', '.join(TOOLS[backend]['programs'])} is on PATH")


def dump_command(backend, program, host, user, db):
    """Return the argv of the schema-only dump."""
    if backend == "postgres":
        return [program, "--schema-only", "-h", host, "-U", user, db]
    return [program, "--no-data", "-h", host, f"-u{user}", db]


def program_version(program):
    """Return the program's own version line, e.g. 'pg_dump (PostgreSQL) 15.20'."""
    result = subprocess.run([program, "--version"], capture_output=True, text=True)
    return result.stdout.strip() or result.stderr.strip()


def run_dump(command, keep_output):
    """Run the dump once; return (seconds, its stdout or None)."""
    stdout = subprocess.PIPE if keep_output else subprocess.DEVNULL
    start = time.perf_counter()
    result = subprocess.run(
        command, stdout=stdout, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise DumpError(
            f"{' '.join(command)} exited {result.returncode}:\n{result.stderr.strip()}"
        )
    return elapsed, result.stdout


def count_tables(command):
    """Run the dump untimed and count the tables it creates."""
    _, output = run_dump(command, keep_output=True)
    count = len(CREATE_TABLE.findall(output))
    if count == 0:
        raise DumpError(f"{' '.join(command)} printed no CREATE TABLE")
    return count


def time_dumps(command, runs):
    """Run the dump `runs` times to /dev/null and return the seconds."""
    timings = []
    for index in range(runs):
        elapsed, _ = run_dump(command, keep_output=False)
        log(f"run {index + 1}/{runs}: {elapsed:.3f} s")
        timings.append(elapsed)
    return timings


def summary(backend, tables, timings, version):
    """Build the one-line JSON result."""
    return {
        "tool": TOOLS[backend]["label"],
        "url_backend": TOOLS[backend]["url_backend"],
        "tables": tables,
        **timing_fields(timings),
        "version": version,
    }



def parse_args(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(description="Time a schema-only dump of a database.")
    parser.add_argument("--backend", required=True, choices=sorted(TOOLS))
    parser.add_argument("--db", required=True, help="database name")
    parser.add_argument("--runs", type=positive_int, default=5, help="timed runs (default 5)")
    parser.add_argument("--host", default="127.0.0.1", help="server host (default 127.0.0.1)")
    parser.add_argument("--user", help="user (default postgres, or root for mysql)")
    args = parser.parse_args(argv)
    args.user = args.user or TOOLS[args.backend]["user"]
    return args


def main(argv=None):
    """Entry point."""
    args = parse_args(argv)
    try:
        program = find_program(args.backend)
        command = dump_command(args.backend, program, args.host, args.user, args.db)
        log(f"command: {' '.join(command)} > /dev/null")
        tables = count_tables(command)
        log(f"verified: {tables} CREATE TABLE statements")
        timings = time_dumps(command, args.runs)
    except (DumpError, OSError) as exc:
        log(f"error: {exc}")
        return 1
    print(json.dumps(summary(args.backend, tables, timings, program_version(program))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
