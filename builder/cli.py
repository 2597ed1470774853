"""The jobboard command line: build, serve, check, init, new, schema. The only module that prints."""

from __future__ import annotations

import argparse
import errno
import math
import sys
import time
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import __version__
from .importing.extract_skills import board_skills
from .load.config import load_config
from .load.content import SLUG
from .load.errors import BuildFailed, SourceWarning, UsageError, one_line, plural
from .output.build import build, build_date, build_into, warnings_of
from .output.write import OutputWriteError
from .scaffold import skeletons, starter
from .scaffold.json_schemas import FOLDER as SCHEMAS, write_json_schemas

if TYPE_CHECKING:
    from .importing.fetch import Limits
    from .importing.importer import Report

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="jobboard", description="A static-site generator for job boards.")
    top.add_argument("--version", action="version", version=f"jobboard {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build_cmd = commands.add_parser("build", help="build the board into its output folder",
                                    description="Build BOARD into OUT (default: site.yml's output).")
    build_cmd.add_argument("board", nargs="?", default=".", type=Path, help="board folder (default: .)")
    build_cmd.add_argument("-o", "--output", type=Path, help="output folder")
    build_cmd.add_argument("--drafts", action="store_true", help="include postings marked draft: true")
    build_cmd.add_argument("--base-url", help="override site.yml's base_url")
    build_cmd.add_argument("--no-cache", action="store_true",
                           help="ignore and leave alone the build cache in BOARD/.jobboard-cache/")
    build_cmd.add_argument("--force", action="store_true",
                           help="build into a non-empty folder that jobboard did not write (its files are kept)")

    serve_cmd = commands.add_parser("serve", help="preview the board, rebuilding and reloading on change",
                                    description="Serve BOARD from memory, rebuild when its files change and "
                                                "reload open browser tabs; build errors show over the page.")
    serve_cmd.add_argument("board", nargs="?", default=".", type=Path, help="board folder (default: .)")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve_cmd.add_argument("--port", default=8000, type=int, help="port to listen on (default: 8000)")
    serve_cmd.add_argument("--drafts", action="store_true", help="include postings marked draft: true")
    serve_cmd.add_argument("--open", action="store_true", help="open the site in a web browser")

    check_cmd = commands.add_parser("check", help="validate the board, write nothing",
                                    description="Validate every file of BOARD; exit 1 listing each problem.")
    check_cmd.add_argument("board", nargs="?", default=".", type=Path, help="board folder (default: .)")

    init_cmd = commands.add_parser("init", help="start a new board",
                                   description="Write a new board into DIR that builds and passes `jobboard check`: "
                                               "site.yml, an example company and posting, .gitignore, a GitHub Pages "
                                               "workflow, a README and editor schemas. Existing files are kept.")
    init_cmd.add_argument("dir", nargs="?", default=".", type=Path, help="folder of the new board (default: .)")

    schema_cmd = commands.add_parser("schema", help="write JSON Schemas for editors",
                                     description="Write JSON Schemas of site.yml, companies and postings, so "
                                                 "editors complete and check fields as you type.")
    schema_cmd.add_argument("board", nargs="?", default=".", type=Path, help="board folder (default: .)")
    schema_cmd.add_argument("-o", "--output", type=Path, help=f"folder to write them to (default: BOARD/{SCHEMAS})")

    new_cmd = commands.add_parser("new", help="write a skeleton company or posting",
                                  description="Write a filled-in skeleton that passes `jobboard check`.")
    kinds = new_cmd.add_subparsers(dest="kind", required=True, metavar="KIND")
    company = kinds.add_parser("company", help="content/companies/SLUG.md", description="Write content/companies/SLUG.md.")
    company.add_argument("slug")
    _board_arguments(company)
    job = kinds.add_parser("job", help="content/jobs/SLUG.md", description="Write content/jobs/SLUG.md.")
    job.add_argument("slug")
    job.add_argument("--company", required=True, help="the company's slug")
    _board_arguments(job)

    import_cmd = commands.add_parser("import", help="turn job ads and ATS feeds into postings",
                                     usage="jobboard import [BOARD] SOURCE... [--company SLUG] [--dry-run] [--update] "
                                           "[--max-size MB] [--timeout SECONDS]",
                                     description="Import each SOURCE (a file or http(s) URL: text, markdown, HTML, "
                                                 "JSON-LD, or a Greenhouse, Lever or Ashby response) as a posting. "
                                                 "Nothing is overwritten. A first argument that is a folder "
                                                 "is the board (default: .); a SOURCE is never a folder.")
    import_cmd.add_argument("sources", nargs="+", metavar="SOURCE", help="a file or an http(s) URL")
    import_cmd.add_argument("--board", type=Path, help="board folder, instead of a first BOARD argument")
    import_cmd.add_argument("--company", help="the slug of the company the ads belong to")
    import_cmd.add_argument("--dry-run", action="store_true", help="say what would be written, write nothing")
    import_cmd.add_argument("--update", action="store_true",
                            help="refresh postings imported before from the same ad, unless edited since")
    _fetch_arguments(import_cmd)

    sync_cmd = commands.add_parser("sync", help="import the feeds listed in site.yml's sync:",
                                   description="Fetch every feed in site.yml's sync:, import new postings, update "
                                               "unedited ones and close those that left their feed.")
    sync_cmd.add_argument("board", nargs="?", default=".", type=Path, help="board folder (default: .)")
    _fetch_arguments(sync_cmd)
    return top


def _fetch_arguments(command: argparse.ArgumentParser) -> None:
    """The bounds of what import and sync fetch (docs/importing.md)."""
    from .importing.fetch import MAX_MB, SECONDS

    command.add_argument("--max-size", type=_number_up_to(int, 4096), default=MAX_MB, metavar="MB",
                         help=f"refuse a file or response larger than this (default: {MAX_MB})")
    command.add_argument("--timeout", type=_number_up_to(float, 3600), default=SECONDS, metavar="SECONDS",
                         help=f"give up on a URL that has not answered in full by then (default: {SECONDS})")


def _number_up_to(kind: type, most: float) -> Callable[[str], float]:
    def read(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            value = math.nan
        if not 0 < value <= most:
            raise argparse.ArgumentTypeError(f"expected a number above 0 and up to {most:g}, got {text!r}")
        return value
    return read


def _board_arguments(command: argparse.ArgumentParser) -> None:
    """`new`'s board: positional like the other commands', or --board as before."""
    command.add_argument("board", nargs="?", type=Path, help="board folder (default: .)")
    command.add_argument("--board", dest="board_option", type=Path, help=argparse.SUPPRESS)


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parse(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if args.command == "import":
        args.board, args.sources = _import_board(args.board, args.sources)
        if not args.sources:
            print("jobboard: error: import needs a SOURCE: a file or an http(s) URL", file=sys.stderr)
            return EXIT_USAGE
    if args.command in ("build", "check", "serve", "import", "sync") and not args.board.is_dir():
        print(f"jobboard: error: board folder {args.board} does not exist", file=sys.stderr)
        return EXIT_USAGE
    try:
        return {"build": cmd_build, "check": cmd_check, "init": cmd_init, "new": cmd_new, "schema": cmd_schema,
                "serve": cmd_serve, "import": cmd_import, "sync": cmd_sync}[args.command](args)
    except BuildFailed as failed:
        for error in failed.errors:
            print(error, file=sys.stderr)
        outcome = " found" if args.command == "check" else "; nothing was written"
        print(f"jobboard: {plural(len(failed.errors), 'error')}{outcome}", file=sys.stderr)
        return EXIT_ERRORS
    except UsageError as exc:
        print(f"jobboard: error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("jobboard: interrupted; nothing was written", file=sys.stderr)
        return 130


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """The arguments; import's options may also come between its sources (`import BOARD
    --dry-run URL`), which argparse leaves over when they follow a list of positionals."""
    top = parser()
    args, extra = top.parse_known_args(argv)
    if args.command == "import":
        args.sources += [arg for arg in extra if not arg.startswith("-")]
        extra = [arg for arg in extra if arg.startswith("-")]
    if extra:
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        built = build_into(args.board, args.output, drafts=args.drafts, base_url=args.base_url,
                           use_cache=not args.no_cache, force=args.force)
    except OutputWriteError as failed:
        print(f"jobboard: error: {one_line(str(failed))}", file=sys.stderr)
        return EXIT_ERRORS
    print_warnings(built.warnings)
    seconds = time.perf_counter() - started
    print(f"Built {built.pages} pages ({built.files} files) in {seconds:.2f} s into {one_line(str(built.out_dir))}; "
          f"{built.rendered} rendered, {built.written} written or removed")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve.server import DevServer  # here: watchdog and the HTTP server are for serve alone

    try:
        server = DevServer(args.board, args.host, args.port, args.drafts, report=_print_err)
    except OSError as exc:
        reason = "the port is already in use (is another server running? try --port)" \
            if exc.errno == errno.EADDRINUSE else exc.strerror
        print(f"jobboard: error: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if not server.local_only:
            print(f"jobboard: warning: listening on {args.host}: anyone who can reach this machine "
                  f"can open the preview; use --host 127.0.0.1 to keep it to yourself", file=sys.stderr, flush=True)
        server.start()
        print(f"Serving {args.board} at {server.url} (Ctrl-C to stop)", flush=True)
        if args.open:
            webbrowser.open(server.url)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return EXIT_OK
    finally:
        server.close()


def _print_err(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def cmd_check(args: argparse.Namespace) -> int:
    _, skill_errors = board_skills(args.board)  # import and sync read import-skills.yml
    try:
        board, _ = build(args.board)
    except BuildFailed as failed:
        raise BuildFailed(failed.errors + skill_errors) from None
    if skill_errors:
        raise BuildFailed(skill_errors)
    warnings = print_warnings(warnings_of(board, args.board))
    found = plural(warnings, "warning") if warnings else "no problems found"
    print(f"OK: {plural(len(board.postings), 'posting')}, {plural(len(board.companies), 'company', 'companies')}, {found}")
    return EXIT_OK


def print_warnings(warnings: tuple[SourceWarning, ...]) -> int:
    """Print what the author should fix but that does not stop the build; return how many."""
    sys.stderr.write("".join(f"{warning}\n" for warning in warnings))  # one write, not one per line
    return len(warnings)


def cmd_new(args: argparse.Namespace) -> int:
    if args.board and args.board_option and args.board != args.board_option:
        print(f"jobboard: error: two boards given: {args.board} and --board {args.board_option}", file=sys.stderr)
        return EXIT_USAGE
    board = args.board or args.board_option or Path(".")
    if not SLUG.match(args.slug):
        print(f"jobboard: error: '{args.slug}' is not a slug: use lowercase letters, digits and hyphens", file=sys.stderr)
        return EXIT_USAGE
    if not (board / "site.yml").is_file():
        print(f"jobboard: error: {board} is not a board (it has no site.yml); start one with: jobboard init {board}", file=sys.stderr)
        return EXIT_USAGE
    schemas = f"../../{SCHEMAS}" if (board / SCHEMAS).is_dir() else None
    if args.kind == "company":
        target, text = board / "content" / "companies" / f"{args.slug}.md", skeletons.company_file(args.slug, schemas)
    else:
        company = board / "content" / "companies" / f"{args.company}.md"
        if not company.is_file():
            print(f"jobboard: error: {company} does not exist; create it with: jobboard new company {args.company}", file=sys.stderr)
            return EXIT_ERRORS
        currency = load_config(board).currency
        target = board / "content" / "jobs" / f"{args.slug}.md"
        text = skeletons.job_file(args.slug, args.company, build_date(), currency, schemas)
    if target.exists():
        print(f"jobboard: error: {target} already exists", file=sys.stderr)
        return EXIT_ERRORS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"Wrote {target}")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    if args.dir.exists() and not args.dir.is_dir():
        print(f"jobboard: error: {args.dir} is a file, not a folder", file=sys.stderr)
        return EXIT_USAGE
    if (args.dir / "site.yml").exists():
        print(f"jobboard: error: {args.dir} is a board already (it has a site.yml); nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    files = {args.dir / name: text for name, text in starter.board_files(build_date()).items()}
    kept = [path for path in files if path.exists()]
    for path, text in files.items():
        if path not in kept:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in kept:
        print(f"jobboard: kept the existing {path}", file=sys.stderr)
    print(f"Started a board in {args.dir}: run `jobboard serve {args.dir}` to see it, "
          f"and `jobboard check {args.dir}` for what to fill in")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    for path in write_json_schemas(args.output or args.board / SCHEMAS):
        print(f"Wrote {path}")
    return EXIT_OK


def _import_board(board: Path | None, sources: list[str]) -> tuple[Path, list[str]]:
    """`import BOARD SOURCE...`: a SOURCE is a file or a URL, so a first folder is the board."""
    if board is None and Path(sources[0]).is_dir():
        return Path(sources[0]), sources[1:]
    return board or Path("."), sources


def cmd_import(args: argparse.Namespace) -> int:
    from .importing.importer import import_sources  # here: the import libraries are for import alone

    load_config(args.board)  # a board folder, with a valid site.yml
    if args.company and not SLUG.match(args.company):
        print(f"jobboard: error: '{args.company}' is not a slug: use lowercase letters, digits and hyphens", file=sys.stderr)
        return EXIT_USAGE
    return _print_report(import_sources(args.board, args.sources, build_date(), _limits(args), args.company or "",
                                        args.dry_run, args.update))


def cmd_sync(args: argparse.Namespace) -> int:
    from .importing.sync import sync

    config = load_config(args.board)
    if not config.sync:
        print("jobboard: error: site.yml lists no feeds under sync:", file=sys.stderr)
        return EXIT_USAGE
    return _print_report(sync(args.board, config.sync, build_date(), _limits(args)))


def _limits(args: argparse.Namespace) -> Limits:
    from .importing.fetch import Limits

    return Limits(max_bytes=args.max_size * 1024 * 1024, seconds=args.timeout)


def _print_report(report: Report) -> int:
    """What import or sync did: its lines quote feeds and ads, escaped so each stays one line."""
    if report.lines:
        print("\n".join(map(one_line, report.lines)))
    for error in report.errors:
        print(f"jobboard: error: {one_line(error)}", file=sys.stderr)
    return EXIT_ERRORS if report.errors else EXIT_OK
