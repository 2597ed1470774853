"""The jobboard command line: build, serve, check, new. The only module that prints."""

from __future__ import annotations

import argparse
import errno
import sys
import time
import webbrowser
from pathlib import Path

from . import __version__, scaffold
from .build import build, build_date, build_into, warnings_of
from .content import SLUG
from .errors import BuildFailed, SourceWarning, UsageError, one_line

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

    new_cmd = commands.add_parser("new", help="write a skeleton company or posting",
                                  description="Write a filled-in skeleton that passes `jobboard check`.")
    kinds = new_cmd.add_subparsers(dest="kind", required=True, metavar="KIND")
    company = kinds.add_parser("company", help="content/companies/SLUG.md", description="Write content/companies/SLUG.md.")
    company.add_argument("slug")
    company.add_argument("--board", default=".", type=Path, help="board folder (default: .)")
    job = kinds.add_parser("job", help="content/jobs/SLUG.md", description="Write content/jobs/SLUG.md.")
    job.add_argument("slug")
    job.add_argument("--company", required=True, help="the company's slug")
    job.add_argument("--board", default=".", type=Path, help="board folder (default: .)")
    return top


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if args.command in ("build", "check", "serve") and not args.board.is_dir():
        print(f"jobboard: error: board folder {args.board} does not exist", file=sys.stderr)
        return EXIT_USAGE
    try:
        return {"build": cmd_build, "check": cmd_check, "new": cmd_new, "serve": cmd_serve}[args.command](args)
    except BuildFailed as failed:
        for error in failed.errors:
            print(error, file=sys.stderr)
        print(f"jobboard: {len(failed.errors)} error{'s' if len(failed.errors) != 1 else ''}; nothing was written", file=sys.stderr)
        return EXIT_ERRORS
    except UsageError as exc:
        print(f"jobboard: error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("jobboard: interrupted; nothing was written", file=sys.stderr)
        return 130


def cmd_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    built = build_into(args.board, args.output, drafts=args.drafts, base_url=args.base_url, use_cache=not args.no_cache)
    print_warnings(built.warnings)
    seconds = time.perf_counter() - started
    print(f"Built {built.pages} pages ({built.files} files) in {seconds:.2f} s into {built.out_dir}; "
          f"{built.rendered} rendered, {built.written} written or removed")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .server import DevServer  # here: watchdog and the HTTP server are for serve alone

    try:
        server = DevServer(args.board, args.host, args.port, args.drafts, report=_print_err)
    except OSError as exc:
        reason = "the port is already in use (is another server running? try --port)" \
            if exc.errno == errno.EADDRINUSE else exc.strerror
        print(f"jobboard: error: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return EXIT_USAGE
    try:
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
    board, _ = build(args.board)
    warnings = print_warnings(warnings_of(board))
    found = f"{warnings} warning{'s' if warnings != 1 else ''}" if warnings else "no problems found"
    print(f"OK: {len(board.postings)} postings, {len(board.companies)} companies, {found}")
    return EXIT_OK


def print_warnings(warnings: tuple[SourceWarning, ...]) -> int:
    """Print what the author should fix but that does not stop the build; return how many."""
    sys.stderr.write("".join(f"{warning}\n" for warning in warnings))  # one write, not one per line
    return len(warnings)


def cmd_new(args: argparse.Namespace) -> int:
    if not SLUG.match(args.slug):
        print(f"jobboard: error: '{args.slug}' is not a slug: use lowercase letters, digits and hyphens", file=sys.stderr)
        return EXIT_USAGE
    if args.kind == "company":
        target, text = args.board / "content" / "companies" / f"{args.slug}.md", scaffold.company_file(args.slug)
    else:
        company = args.board / "content" / "companies" / f"{args.company}.md"
        if not company.is_file():
            print(f"jobboard: error: {company} does not exist; create it with: jobboard new company {args.company}", file=sys.stderr)
            return EXIT_ERRORS
        target, text = args.board / "content" / "jobs" / f"{args.slug}.md", scaffold.job_file(args.slug, args.company, build_date())
    if target.exists():
        print(f"jobboard: error: {target} already exists", file=sys.stderr)
        return EXIT_ERRORS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"Wrote {target}")
    return EXIT_OK
