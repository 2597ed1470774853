"""`jobboard import`: each SOURCE's ads become postings (and new companies) on the board.
Nothing is overwritten: a posting already imported from the same ad is refreshed only with
--update, and only if nobody edited it since."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..load.content import parse_posting
from ..load.source import read_document
from ..load.walk import files_under
from .ad import Ad, UnreadableSource
from .draft import DATE_ASSUMED, Draft, make_draft
from .extract_skills import Skill, vocabulary
from .fetch import FetchError, Limits
from .read import read_source
from .write import company_text, front_value, is_unedited, posting_text


class OutsideContent(Exception):
    """A file import was about to write outside the board's content/ folder."""


@dataclass
class Report:
    """What a run did, for the command to print: lines for stdout, errors for stderr."""

    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Board:
    """The board's postings by the source they were imported from, and where to write new ones."""

    def __init__(self, folder: Path, dry_run: bool = False):
        self.folder = folder
        self.dry_run = dry_run
        self.skills: list[Skill] = vocabulary(folder)
        self.new_companies: set[str] = set()  # written this run (or, with --dry-run, that would be)
        self.by_source: dict[tuple[str, str], str] = {}  # (kind, id) -> path relative to the board
        jobs = folder / "content" / "jobs"
        for name in files_under(str(jobs)) if jobs.is_dir() else []:
            if name.endswith(".md"):
                rel = f"content/jobs/{name}"
                doc, _ = read_document((folder / rel).read_bytes(), rel)
                source = doc.data.get("source") if doc else None
                if isinstance(source, dict) and source.get("kind"):
                    self.by_source[(str(source["kind"]), str(source.get("id", "")))] = rel

    def read(self, rel: str) -> str:
        return (self.folder / rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        path = self.folder / rel
        # slugs are checked where they come in; this holds whatever a bug or a symbolic link does
        if not path.resolve().is_relative_to((self.folder / "content").resolve()):
            raise OutsideContent(f"{rel} is outside content/; nothing written")
        if not self.dry_run:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    def save(self, ad: Ad, draft: Draft, update: bool, report: Report) -> str | None:
        """Write the ad's posting (and company); the posting's path, or None if nothing was written."""
        existing = self.by_source.get((ad.kind, ad.id))
        if existing and not update:
            report.lines.append(f"Skipped {existing}: already imported from {ad.url or ad.id}; use --update to refresh it")
            return None
        if existing and not is_unedited(self.read(existing)):
            report.lines.append(f"Left {existing} alone: edited since it was imported")
            return existing
        if not draft.slug:
            report.errors.append(f"{ad.url or ad.id}: title: not found in the ad; nothing written")
            return None
        if not self._company(draft, ad, report):
            return None
        rel = existing or self._free_path(draft.slug)
        if existing and ("date_posted", DATE_ASSUMED) in draft.notes:
            draft.fields["date_posted"] = front_value(self.read(existing), "date_posted") or draft.fields["date_posted"]
        text = _checked(draft, ad, rel)
        if existing and text == self.read(existing):
            report.lines.append(f"Unchanged {rel}")
            return rel
        self.write(rel, text)
        verb = "Updated" if existing else "Would write" if self.dry_run else "Wrote"
        report.lines.append(f"{verb} {rel}" + (" (draft)" if draft.is_draft else ""))
        report.lines += [f"{rel}: {name}: {why}" for name, why in draft.doubts + draft.notes]
        self.by_source[(ad.kind, ad.id)] = rel
        return rel

    def _company(self, draft: Draft, ad: Ad, report: Report) -> bool:
        """The posting's company exists, or is written now; False if it cannot be."""
        if not draft.company_slug:
            return True  # the posting is a draft that names the missing company
        rel = f"content/companies/{draft.company_slug}.md"
        if (self.folder / rel).is_file():
            return True
        if not draft.company_website:
            report.errors.append(f"{ad.url or ad.id}: company: the website of '{draft.company_name}' is not in the ad; "
                                 f"add {rel} or pass --company SLUG; nothing written")
            return False
        if rel not in self.new_companies:
            self.write(rel, company_text(draft))
            self.new_companies.add(rel)
            report.lines.append(f"{'Would write' if self.dry_run else 'Wrote'} {rel}")
        return True

    def _free_path(self, slug: str) -> str:
        """content/jobs/<slug>.md, or <slug>-2.md... when the slug is taken anywhere on the board."""
        taken = {Path(name).stem for name in files_under(str(self.folder / "content" / "jobs"))} \
            if (self.folder / "content" / "jobs").is_dir() else set()
        taken |= {Path(rel).stem for rel in self.by_source.values()}
        candidate, n = slug, 2
        while candidate in taken:
            candidate, n = f"{slug}-{n}", n + 1
        return f"content/jobs/{candidate}.md"


def _checked(draft: Draft, ad: Ad, rel: str) -> str:
    """The posting's text, as a draft naming each problem if the validator rejects a field: a
    posting import writes without `draft: true` always passes `jobboard check`."""
    text = posting_text(draft, ad.kind, ad.id, ad.url)
    _, problems, _ = parse_posting(text.encode("utf-8"), rel)
    if problems:
        draft.doubts += [(problem.field, problem.message) for problem in problems]
        for problem in problems:
            draft.fields.pop(problem.field.split("[")[0].split(".")[0], None)
        text = posting_text(draft, ad.kind, ad.id, ad.url)
    return text


def company_name(folder: Path, slug: str) -> str:
    """The name in an existing company file, for --company."""
    path = folder / "content" / "companies" / f"{slug}.md"
    if not path.is_file():
        return ""
    doc, _ = read_document(path.read_bytes(), str(path))
    return str(doc.data.get("name", "")) if doc else ""


def import_sources(folder: Path, sources: list[str], today: date, limits: Limits, company: str = "",
                   dry_run: bool = False, update: bool = False) -> Report:
    board, report = Board(folder, dry_run), Report()
    name = company_name(folder, company) if company else ""
    for source in sources:
        try:
            for ad in read_source(source, limits):
                board.save(ad, make_draft(ad, board.skills, today, company, name), update, report)
        except Exception as exc:  # noqa: BLE001: see failure()
            report.errors.append(f"{source}: {failure(exc)}")
    return report


def failure(exc: Exception) -> str:
    """What went wrong with one source or feed, in a line. Any exception is caught there, so
    that a source jobboard cannot read, even through a bug of its own, stops only itself."""
    if isinstance(exc, (FetchError, UnreadableSource, OutsideContent)):
        return str(exc)
    return f"jobboard failed to read it ({type(exc).__name__}: {exc}); please report this"
