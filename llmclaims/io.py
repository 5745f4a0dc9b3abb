"""Reading articles from files: UTF-8 text, or HTML reduced to article text by trafilatura;
writing a file atomically."""

from __future__ import annotations

import codecs
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, InputError, install_hint
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
    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{source}: no such file or directory")
        if not p.is_file():
            raise InputError(f"{source}: not a file")
        if p.stat().st_size > MAX_BYTES:
            raise InputError(f"{source}: {p.stat().st_size:,} bytes, more than {MAX_BYTES:,}")
        data = p.read_bytes()
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
    does not exist is the caller's mistake (InputError), before any work starts."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if raw != "-" and not p.exists():
            raise InputError(f"{raw}: no such file or directory")
        if raw != "-" and p.is_dir():
            out += sorted(str(f) for f in p.rglob("*")
                          if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES)
        else:
            out.append(raw)
    return out


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file beside it, renamed)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
