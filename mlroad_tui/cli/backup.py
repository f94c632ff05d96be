"""`mlroad export` and `mlroad import`: all learner data as versioned JSON, and back."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mlroad_tui.cli.common import open_store, print_json
from mlroad_tui.cli.errors import CliError, Exit

# An export of years of study is a few MB; a bigger file is not one of ours.
MAX_IMPORT_BYTES = 200_000_000


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export", help="write all learner data as versioned JSON")
    export.add_argument("--output", type=Path, metavar="FILE", help="write here, not to stdout")
    export.set_defaults(func=run_export)

    import_ = subparsers.add_parser(
        "import", help="merge an export back in (importing twice changes nothing)"
    )
    import_.add_argument("file", type=Path, metavar="FILE")
    import_.add_argument(
        "--dry-run", action="store_true", help="say what would change, change nothing"
    )
    import_.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    from mlroad_tui.store.backup import export

    store = open_store()
    try:
        data = export(store.core)
    finally:
        store.close()
    if args.output is None:
        print_json(data)
        return Exit.OK
    try:
        args.output.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {args.output}: {error.strerror or error}") from None
    rows = sum(len(rows) for rows in data["tables"].values())
    print(f"exported {rows} rows to {args.output}")
    return Exit.OK


def run_import(args: argparse.Namespace) -> int:
    from mlroad_tui.store.backup import BadExport, merge

    try:
        with args.file.open("rb") as stream:
            raw = stream.read(MAX_IMPORT_BYTES + 1)
    except OSError as error:
        raise CliError(f"cannot read {args.file}: {error.strerror or error}") from None
    if len(raw) > MAX_IMPORT_BYTES:
        raise CliError(f"{args.file} is larger than {MAX_IMPORT_BYTES // 1_000_000} MB")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise CliError(f"{args.file} is not JSON: {error}") from None
    store = open_store()
    try:
        counts = merge(store.core, data, dry_run=args.dry_run)
    except BadExport as error:
        raise CliError(f"{args.file}: {error}; nothing was imported") from None
    finally:
        store.close()
    changed = {name: n for name, n in counts.items() if n}
    verb = "would add or change" if args.dry_run else "added or changed"
    if not changed:
        print("nothing to import: everything in the file is here already")
    for name, n in changed.items():
        print(f"{verb} {n} row(s) of {name}", file=sys.stdout)
    return Exit.OK
