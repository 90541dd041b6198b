"""Time Alembic's `alembic check` against a live database, as the peer of
`cargo autogen check` in sea-autogen's benchmark.

Steps:
  1. Reflect the live database into SQLAlchemy models with sqlacodegen,
     leaving out the bookkeeping tables named by --exclude and Alembic's
     own alembic_version, and write them to WORKDIR/models.py as
     sqlacodegen made them, plus a module-level `metadata` name (no other
     change was needed: see README.md).
  2. Write a minimal Alembic environment into WORKDIR: alembic.ini,
     env.py (target_metadata = the models' metadata, the excluded tables
     hidden through include_name/include_object, compare_type=True,
     compare_server_default=False) and an empty versions/ folder.
  3. Run `alembic check` once and insist that it finds nothing to do.
  4. Run the real CLI, `python -m alembic -c WORKDIR/alembic.ini check`,
     --runs times, each one verified too, and print one JSON line with the
     wall-clock timings on stdout.  Everything else goes to stderr.

Usage:
    python3 alembic_check.py --url SQLALCHEMY_URL --workdir DIR
                             [--runs 5] [--exclude seaql_migrations ...]
                             [--generator declarative|tables]

Exit status: 0 on success, 1 when a step fails (the reason is printed on
stderr, with Alembic's output when `alembic check` found differences),
2 for a bad command line.
"""

import argparse
import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys
import time

from timing import positive_int, timing_fields

DEFAULT_EXCLUDES = ("seaql_migrations", "autogen_migrations")
ALEMBIC_OWN_TABLE = "alembic_version"
NO_CHANGES = "No new upgrade operations detected."
BACKENDS = {"postgresql": "postgresql", "mysql": "mysql", "mariadb": "mysql", "sqlite": "sqlite"}

ALEMBIC_INI = """\
# Written by alembic_check.py: a minimal environment for `alembic check`.
[alembic]
script_location = %(here)s
version_locations = %(here)s/versions
sqlalchemy.url = {url}
exclude_tables = {excludes}

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

ENV_PY = '''\
"""Alembic environment written by alembic_check.py.

target_metadata is the metadata of models.py beside this file; the
tables listed under exclude_tables in alembic.ini are invisible to
autogenerate, on the database side and on the model side alike.
"""

import importlib.util
import os

from alembic import context
from sqlalchemy import engine_from_config, pool

HERE = os.path.dirname(os.path.abspath(__file__))
config = context.config


def load_metadata():
    """Import models.py from this folder and return its MetaData."""
    spec = importlib.util.spec_from_file_location(
        "alembic_check_models", os.path.join(HERE, "models.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.metadata


target_metadata = load_metadata()
EXCLUDED = frozenset(
    name.strip()
    for name in config.get_main_option("exclude_tables", "").split(",")
    if name.strip()
)


def include_name(name, type_, parent_names):
    """Hide the excluded tables when reading the database."""
    return not (type_ == "table" and name in EXCLUDED)


def include_object(obj, name, type_, reflected, compare_to):
    """Hide the excluded tables on either side of the comparison."""
    return not (type_ == "table" and name in EXCLUDED)


def run_migrations_online():
    """Compare target_metadata with the live database.

    dont_mutate=True (what `alembic current` uses) stops `alembic check`
    from creating an empty alembic_version table in the database it only
    reads, which would also show up as a stray table to sea-autogen.
    """
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_name=include_name,
            include_object=include_object,
            compare_type=True,
            compare_server_default=False,
            dont_mutate=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("alembic_check.py environments only run online")
run_migrations_online()
'''


class CheckError(Exception):
    """An expected failure, reported on stderr without a traceback."""


def log(message):
    """Print a progress message on stderr."""
    print(message, file=sys.stderr, flush=True)


def backend_of(url):
    """Return postgresql, mysql or sqlite for a SQLAlchemy URL."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        name = make_url(url).get_backend_name()
    except ArgumentError as exc:
        raise CheckError(f"not a SQLAlchemy URL: {url!r} ({exc})") from None
    if name not in BACKENDS:
        raise CheckError(f"unsupported backend {name!r}: use postgresql, mysql or sqlite")
    database = make_url(url).database
    if name == "sqlite" and not (database and os.path.isabs(database)):
        raise CheckError("give SQLite as an absolute path: sqlite:////abs/path.db")
    if name == "sqlite" and not os.path.isfile(database):
        raise CheckError(f"no SQLite database file at {database!r}")
    return BACKENDS[name]


def require_packages():
    """Fail early, with a hint, when a needed package is missing."""
    missing = []
    for package in ("alembic", "sqlalchemy", "sqlacodegen"):
        try:
            importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            missing.append(package)
    if missing:
        raise CheckError(
            f"missing {', '.join(missing)}: pip install -r bench/alembic/requirements.txt"
        )


def list_tables(url, excludes):
    """Return the sorted names of the database's tables, less excludes.

    Alembic's own alembic_version table is never a model table.
    """
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        names = inspect(engine).get_table_names()
    finally:
        engine.dispose()
    skipped = set(excludes) | {ALEMBIC_OWN_TABLE}
    return sorted(name for name in names if name not in skipped)


def run_sqlacodegen(url, tables, generator_name):
    """Reflect the given tables and return sqlacodegen's model source."""
    from importlib.metadata import entry_points

    from sqlalchemy import MetaData, create_engine

    generators = {ep.name: ep for ep in entry_points(group="sqlacodegen.generators")}
    if generator_name not in generators:
        raise CheckError(f"sqlacodegen has no generator {generator_name!r}")
    engine = create_engine(url)
    try:
        metadata = MetaData()
        generator = generators[generator_name].load()(metadata, engine, set())
        metadata.reflect(engine, views=False, only=tables)
        return generator.generate()
    finally:
        engine.dispose()


def write_models(workdir, source, generator_name):
    """Write models.py, making sure it exposes a module-level `metadata`.

    The tables generator already defines `metadata = MetaData()`; the
    declarative one only has Base, so `metadata = Base.metadata` is added.
    """
    if generator_name == "declarative":
        source = source.rstrip("\n") + "\n\n\nmetadata = Base.metadata\n"
    path = os.path.join(workdir, "models.py")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(source)
    return path


def count_model_tables(models_path, excludes):
    """Import models.py and count the tables in its metadata.

    Reflection pulls in the tables that foreign keys point at, so an
    excluded table can still be there; it is not counted (and env.py
    hides it from Alembic).
    """
    spec = importlib.util.spec_from_file_location("alembic_check_count", models_path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise CheckError(f"generated {models_path} does not import: {exc!r}") from None
    return sum(1 for name in module.metadata.tables if name not in excludes)


def write_environment(workdir, url, excludes):
    """Write alembic.ini, env.py and an empty versions/ folder."""
    versions = os.path.join(workdir, "versions")
    os.makedirs(versions, exist_ok=True)
    leftovers = sorted(name for name in os.listdir(versions) if name.endswith(".py"))
    if leftovers:
        raise CheckError(f"{versions} must be empty, it holds {', '.join(leftovers)}")
    ini = ALEMBIC_INI.format(url=url.replace("%", "%%"), excludes=",".join(excludes))
    with open(os.path.join(workdir, "alembic.ini"), "w", encoding="utf-8") as handle:
        handle.write(ini)
    with open(os.path.join(workdir, "env.py"), "w", encoding="utf-8") as handle:
        handle.write(ENV_PY)
    return os.path.join(workdir, "alembic.ini")


def run_check(workdir, ini_path):
    """Run `alembic check` once; return (seconds, combined output)."""
    command = [sys.executable, "-m", "alembic", "-c", ini_path, "check"]
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=workdir, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    elapsed = time.perf_counter() - start
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or NO_CHANGES not in output:
        raise CheckError(
            f"`alembic check` exited {result.returncode} instead of reporting "
            f"{NO_CHANGES!r}:\n{output}"
        )
    return elapsed, output


def time_checks(workdir, ini_path, runs):
    """Run the verified check `runs` times and return the wall-clock seconds."""
    timings = []
    for index in range(runs):
        elapsed, _ = run_check(workdir, ini_path)
        log(f"run {index + 1}/{runs}: {elapsed:.3f} s")
        timings.append(elapsed)
    return timings


def summary(backend, tables, timings):
    """Build the one-line JSON result."""
    return {
        "tool": "alembic check",
        "url_backend": backend,
        "tables": tables,
        **timing_fields(timings),
        "alembic": importlib.metadata.version("alembic"),
        "sqlalchemy": importlib.metadata.version("sqlalchemy"),
    }



def parse_args(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description="Time `alembic check` on a live database (models from sqlacodegen)."
    )
    parser.add_argument("--url", required=True, help="SQLAlchemy URL of the database")
    parser.add_argument("--workdir", required=True, help="folder for models.py and the Alembic env")
    parser.add_argument("--runs", type=positive_int, default=5, help="timed runs (default 5)")
    parser.add_argument(
        "--exclude",
        action="append",
        metavar="TABLE",
        help="table to leave out; repeatable (default: seaql_migrations, autogen_migrations)",
    )
    parser.add_argument(
        "--generator",
        choices=["declarative", "tables"],
        default="declarative",
        help="sqlacodegen generator (default declarative: ORM classes)",
    )
    args = parser.parse_args(argv)
    args.exclude = tuple(args.exclude) if args.exclude else DEFAULT_EXCLUDES
    return args


def prepare(args):
    """Write the Alembic env and generate the models; return (ini path, table count)."""
    workdir = os.path.abspath(args.workdir)
    os.makedirs(workdir, exist_ok=True)
    ini_path = write_environment(workdir, args.url, args.exclude)
    tables = list_tables(args.url, args.exclude)
    if not tables:
        raise CheckError("the database has no tables to compare")
    start = time.perf_counter()
    source = run_sqlacodegen(args.url, tables, args.generator)
    log(f"sqlacodegen: {len(tables)} tables in {time.perf_counter() - start:.3f} s")
    models_path = write_models(workdir, source, args.generator)
    count = count_model_tables(models_path, args.exclude)
    return ini_path, count


def main(argv=None):
    """Entry point."""
    args = parse_args(argv)
    try:
        require_packages()
        from sqlalchemy.exc import SQLAlchemyError
    except CheckError as exc:
        log(f"error: {exc}")
        return 1
    try:
        backend = backend_of(args.url)
        ini_path, count = prepare(args)
        workdir = os.path.dirname(ini_path)
        _, output = run_check(workdir, ini_path)
        log(f"verified: {output}")
        timings = time_checks(workdir, ini_path, args.runs)
    except CheckError as exc:
        log(f"error: {exc}")
        return 1
    except SQLAlchemyError as exc:
        log(f"error: database: {str(getattr(exc, 'orig', None) or exc).strip()}")
        return 1
    except OSError as exc:
        log(f"error: {exc}")
        return 1
    print(json.dumps(summary(backend, count, timings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
