"""Reading articles from files (UTF-8 text, or HTML reduced to article text by trafilatura), and
writing outputs so that a failure never leaves half a file behind.

* Reading: a file that cannot be an article (missing, a folder, unreadable, binary, not UTF-8,
  empty) is an :class:`InputError` naming the file and the reason, never an ``OSError``.
* Whole files (JSON, CSV, HTML, SQLite, manifests) are written to a temporary file in the same
  folder, fsynced, and renamed over the target (:func:`write_atomic`, :func:`replacing`): the
  target is either the old file or the complete new one.
* Lines (a corpus run's results) are appended whole and fsynced (:func:`append_line`); a write
  that fails part-way (a full disk) is cut back, so no torn line is left.
* A failed write is a :class:`StorageError` that says which file and why (disk full,
  permission denied).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, InputError, StorageError, UsageError, install_hint
from .text.clean import check_text

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm")
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Article:
    source: str
    text: str


def html_to_text(html: str) -> str:
    """The main text of an HTML page, via trafilatura (``pip install '.[html]'`` in the checkout)."""
    try:
        import trafilatura
    except ImportError:
        raise ConfigError("reading HTML needs trafilatura: " + install_hint("html")) from None
    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=True)
    if not text or not text.strip():
        raise InputError("no article text found in the HTML page")
    return str(text)


def decode(data: bytes, source: str) -> str:
    """Bytes -> text. UTF-16 and UTF-32 with a byte-order mark are decoded by it (the mark is not
    part of the text, as ``open(path, encoding="utf-16")`` reads it). A UTF-8 mark is *kept*, as
    ``open(path, encoding="utf-8")`` reads it, so offsets match the file opened that way; the
    mark is never content (character 0 of the text, outside every region)."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"{source}: not valid {codec.upper()} text (byte {exc.start})") from None
    if b"\x00" in data[:4096]:
        raise InputError(f"{source}: binary file (NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source}: not UTF-8 text (byte {exc.start}); convert it, e.g. "
            f"iconv -f latin1 -t utf-8") from None


def read_article(path: str | Path) -> Article:
    """Read one article: ``-`` is stdin; ``.html``/``.htm`` is reduced to its text."""
    source = str(path)
    data = sys.stdin.buffer.read() if source == "-" else read_bytes(Path(path), source)
    return article_from(data, source)


def read_bytes(p: Path, source: str) -> bytes:
    """The bytes of an input file; anything that keeps it from being read is an InputError."""
    if not p.exists():
        raise InputError(f"{source}: {'a broken link' if p.is_symlink() else 'no such file or directory'}")
    if p.is_dir():
        raise InputError(f"{source}: {_folder(p)}, not an article")
    if not p.is_file():
        raise InputError(f"{source}: not a regular file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{source}: {size:,} bytes, more than {MAX_BYTES:,}")
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read it ({why(exc)})") from None


def _folder(p: Path) -> str:
    try:
        os.listdir(p)
    except OSError as exc:
        return f"a folder that cannot be read ({why(exc)})"
    return "a folder"


def article_from(data: bytes, source: str) -> Article:
    """An article from the bytes of a file (or stdin) named ``source``."""
    text = decode(data, source)
    looks_html = text.lstrip()[:200].lower().startswith(("<!doctype html", "<html"))
    if source.lower().endswith(HTML_SUFFIXES) or looks_html:
        text = html_to_text(text)
    try:
        check_text(text)
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from None
    return Article(source, text)


def expand(paths: list[str]) -> list[str]:
    """Files named, and the text/HTML files inside directories named (sorted). A path that
    does not exist is the caller's mistake (InputError), before any work starts. Inside a
    directory, what cannot be read (a sub-folder that cannot be listed, a broken link named like
    an article) is listed too: reading it fails for that entry alone, it is not skipped."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if raw != "-" and not p.exists() and not p.is_symlink():
            raise InputError(f"{raw}: no such file or directory")
        if raw != "-" and p.is_dir():
            out += _articles_in(p)
        else:
            out.append(raw)
    return out


def _articles_in(folder: Path) -> list[str]:
    found: list[str] = []

    def unreadable(exc: OSError) -> None:
        found.append(str(exc.filename))

    for parent, _dirs, files in os.walk(folder, onerror=unreadable):
        found += [os.path.join(parent, f) for f in files
                  if Path(f).suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES]
    return sorted(found)


def printable(path: str) -> str:
    """``path`` as valid Unicode: a file name that is not UTF-8 (read by Python with lone
    surrogates) gets its odd bytes written as ``\\xNN``; any other path is returned as is."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name the same file (through links and ``..``; by path when one
    does not exist yet)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def why(exc: OSError) -> str:
    """The reason of an OS error, for a message: ``No space left on device``, ``Permission
    denied``."""
    return exc.strerror or str(exc)


def ensure_folder(folder: Path) -> Path:
    """Create ``folder`` (and its parents) if needed; a file in the way is the caller's mistake."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise UsageError(f"{folder}: a file is in the way, not a folder") from None
    except OSError as exc:
        raise StorageError(f"{folder}: cannot create the folder ({why(exc)})") from None
    return folder


def check_writable(folder: Path) -> Path:
    """``folder`` exists (created if needed) and a file can be created in it: checked before
    any work is done, so a read-only output folder costs nothing."""
    ensure_folder(folder)
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".llmclaims-", suffix=".probe")
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise StorageError(f"{folder}: cannot write there ({why(exc)})") from None
    return folder


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` (same folder, so the rename is atomic) to write the new
    file to; when the block ends it is fsynced and renamed over ``path``. On any failure the
    temporary file is removed and ``path`` is left as it was (an ``OSError`` becomes a
    :class:`StorageError`)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        yield tmp
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise StorageError(f"{path}: could not be written ({why(exc)}); "
                           "it was left as it was") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def write_atomic(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all (see :func:`replacing`)."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def append_line(fd: int, line: bytes, name: str) -> None:
    """Append one whole line to the file open with ``O_APPEND`` at ``fd`` and fsync it. A write
    that fails part-way (a full disk, a file size limit) is cut back to where the file ended, so
    no torn line is left; the failure is a :class:`StorageError`."""
    size = os.fstat(fd).st_size
    try:
        view = memoryview(line)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, size)
        raise StorageError(f"{name}: a line could not be written ({why(exc)}); "
                           "the lines before it are intact") from None
