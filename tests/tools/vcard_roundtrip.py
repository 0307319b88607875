#!/usr/bin/env python3
"""Compares the cards of a vCard file with rapport's export of it, as an independent parser reads them.

Usage: vcard_roundtrip.py ORIGINAL EXPORT

Both files are read with Python's `vobject` (the version .ci/run pins). Each card becomes a SET of
(group.NAME, normalised parameters, value); the cards of both files are matched by UID, else by FN, N,
ORG or EMAIL, and every element found on one side only is printed, one line each:

    card "John Doe": only in the original: TEL;TYPE=home,voice:+1 555
    card "John Doe": only in the export: NOTE:Phone: +1 555

A vCard 2.1 quoted-printable value continued with a soft line break is joined into one line first
(vobject decodes quoted-printable but does not read its continuation lines); files that are neither
UTF-8 nor UTF-16 with a byte order mark are not compared (vobject reads text; the code pages are tested
in tests/vcard_files.rs).

Exit status: 0 = every card came back whole, 1 = differences (printed), 2 = vobject cannot read the
original (one line on stdout saying why; the caller skips the file), 3 = vobject cannot read the export.

Normalised because they are not losses (and nothing else is):
- VERSION, PRODID and REV: the writer's version, product and time of writing.
- Line folding: vobject unfolds both sides.
- vCard 2.1 parameter spelling: a bare parameter (`TEL;HOME;VOICE`) is a TYPE value in 3.0 and 4.0
  (`TYPE=home,voice`), a bare list (`TEL;MSG,WORK`) its several values; TYPE values compare without
  case and without order.
- CHARSET and ENCODING: vobject decodes quoted-printable and base64 values; what remains is the decoded
  text or bytes, so the parameters that described the old encoding are dropped on both sides.
- The spelling of a date: vCard 4.0 writes BDAY and ANNIVERSARY in ISO 8601's basic form
  (`19630921`, `--0921`), 3.0 in either; `1963-09-21` and `VALUE=date` (3.0's name for the type) are
  compared as `19630921` without the parameter.
- CATEGORIES as one set of values: two CATEGORIES lines and one line with both lists are the same
  categories (the property may repeat; rapport writes one).
- FN and N that the export adds to a card that had none: vCard 3.0 and 4.0 require FN, and rapport
  derives N from the name when the card gave none (issue 13, defect 9); only when the original lacks them.
- rapport's own X-RAPPORT-* properties in the export (they carry rapport's fields, not the card's).
- Line ends in values: CRLF and CR compare as LF. rapport stores text with LF line ends (its rule
  for all text entering the store), and vCard 4.0 has only one escape for a line break (`\n`), so a
  CRLF inside a value (Outlook's quoted-printable `=0D=0A`) cannot be written back as such.
- Control characters other than tab and line break are dropped from values on both sides: vCard 4.0
  does not allow them in a value (RFC 6350 §3.3), and rapport's export leaves them out.
- NOTE as one text: rapport has one notes field, so several NOTE lines come back as one, joined by
  line breaks, each trimmed, empty ones left out (NOTEs compare that way on both sides).
- A comma a writer left unescaped in FN, TITLE, ROLE or NOTE (RFC 6350 §3.4 says it MUST be escaped)
  is escaped in the original before vobject reads it: vobject would keep only the text before it,
  whereas rapport keeps the whole value and writes it back escaped. In the same properties Apple's
  escaped colon (a backslash and a colon, which vobject keeps as written) is read as the colon it stands for, as rapport
  reads it (a field is unescaped once and written back escaped the RFC's way).
- A bare parameter that is a list (`TEL;MSG,WORK`, as Evolution writes it) is read as its several TYPE
  values: vobject keeps only the first, rapport all.
- Property names with characters vCard does not allow (`X-GOOGLE TALK`) compare with those
  characters as `-`, the name rapport keeps them under.
- Cards the import skips by its documented rule (no FN, N, ORG or EMAIL) are not expected back, and
  cards the import matched to one person (tests/corpus.rs, FEWER) are compared with that one card: what
  it holds from any of them is not counted as added.
"""

import re
import sys
import unicodedata

try:
    import vobject
except ImportError:  # pragma: no cover - the Rust test checks the venv first
    print("vobject is not installed")
    sys.exit(2)

IGNORED = {"VERSION", "PRODID", "REV"}
DROPPED_PARAMS = {"CHARSET", "ENCODING"}


def read_text(path):
    """The file as text, when it is UTF-8 or UTF-16 with a byte order mark (vobject reads text only)."""
    raw = open(path, "rb").read()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


def join_soft_breaks(text):
    """vCard 2.1 quoted-printable values continued with a soft line break (`=` at the line end) as one
    line: vobject reads the 2.1 encoding but not its continuation lines."""
    out = []
    joining = False
    for line in text.splitlines():
        if joining:
            out[-1] = out[-1][:-1] + line
        else:
            out.append(line)
        head = out[-1].split(":", 1)[0].upper()
        joining = "QUOTED-PRINTABLE" in head and out[-1].endswith("=")
    return "\r\n".join(out) + "\r\n"


ESCAPED_COMMAS = {"FN", "TITLE", "ROLE", "NOTE"}


def escape_bare_commas(text):
    """Commas left unescaped in single-valued text properties rapport reads, escaped (see above)."""
    out = []
    for line in text.split("\r\n"):
        head, colon, value = line.partition(":")
        name = head.split(";", 1)[0].split(".")[-1].upper()
        if colon and name in ESCAPED_COMMAS:
            value = re.sub(r"(?<!\\),", r"\\,", value)
            value = re.sub(r"(?<!\\)\\:", ":", value)
        if colon and not line.startswith((" ", "\t")):
            head = re.sub(r";([A-Za-z0-9-]+(?:,[A-Za-z0-9-]+)+)(?=;|$)",
                          lambda m: ";" + ";".join(m.group(1).split(",")), head)
        out.append(head + colon + value)
    return "\r\n".join(out)


def valid_names(text):
    """Property names with characters vCard does not allow, those characters as `-` (see above)."""
    out = []
    for line in text.split("\r\n"):
        head, colon, value = line.partition(":")
        name, semi, par = head.partition(";")
        if colon and not line.startswith((" ", "\t")):
            name = re.sub(r"[^A-Za-z0-9_.-]", "-", name)
        out.append(name + semi + par + colon + value)
    return "\r\n".join(out)


def read_cards(path, original=False):
    """Every VCARD component of the file, or raises what vobject raises."""
    text = join_soft_breaks(read_text(path))
    if original:
        text = valid_names(escape_bare_commas(text))
    return [c for c in vobject.readComponents(text) if c.name.upper() == "VCARD"]


def flat(value):
    """A vobject value as a comparable string."""
    if isinstance(value, (bytes, bytearray)):
        return "bytes:" + bytes(value).hex()
    if isinstance(value, vobject.vcard.Name):
        parts = (value.family, value.given, value.additional, value.prefix, value.suffix)
        return ";".join(flat(p) for p in parts)
    if isinstance(value, vobject.vcard.Address):
        parts = (value.box, value.extended, value.street, value.city, value.region, value.code,
                 value.country)
        return ";".join(flat(p) for p in parts)
    if isinstance(value, (list, tuple)):
        return ",".join(flat(v) for v in value)
    return str(value)


def params(line):
    """The parameters of a content line, normalised as the module comment says."""
    types = {v.lower() for t in line.singletonparams for v in t.split(",")}
    out = []
    for name, values in line.params.items():
        name = name.upper()
        if name in DROPPED_PARAMS:
            continue
        if name == "TYPE":
            types.update(v.lower() for value in values for v in value.split(","))
        else:
            out.append(name + "=" + ",".join(values))
    if types:
        out.append("TYPE=" + ",".join(sorted(types)))
    return ";".join(sorted(out))


DATED = {"BDAY", "ANNIVERSARY"}


def date_spelling(name, par, value):
    """BDAY and ANNIVERSARY dates in the basic form, without 3.0's VALUE=date."""
    if name.split(".")[-1] not in DATED:
        return par, value
    par = ";".join(p for p in par.split(";") if p and p.upper() != "VALUE=DATE")
    digits = value.replace("-", "")
    if digits.isdigit() and len(digits) == 8 and len(value) == 10:
        value = digits
    elif value.startswith("--") and value[2:].replace("-", "").isdigit():
        value = "--" + value[2:].replace("-", "")
    return par, value


def elements(card, exported):
    """The card as a set of (name, params, value) strings."""
    result = set()
    categories = {}
    notes = {}
    for line in card.getChildren():
        name = line.name.upper()
        if name in IGNORED or (exported and name.startswith("X-RAPPORT-")):
            continue
        if line.group:
            name = line.group.lower() + "." + name
        par, value = date_spelling(name, params(line), line_ends(flat(line.value)))
        if name == "CATEGORIES":
            categories.setdefault(par, set()).update(v for v in value.split(",") if v)
        elif name == "NOTE":
            notes.setdefault(par, []).extend([value.strip()] if value.strip() else [])
        else:
            result.add((name, par, value))
    for par, values in categories.items():
        result.add(("CATEGORIES", par, ",".join(sorted(values))))
    for par, values in notes.items():
        if values:
            result.add(("NOTE", par, "\n".join(values)))
    return result


def line_ends(value):
    """Line ends as LF, other control characters but tab dropped (see above)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in value if c in "\n\t" or not unicodedata.category(c).startswith("Cc"))


def first(card, name):
    """The value of the card's first property of that name, flattened, or ''."""
    lines = [c for c in card.getChildren() if c.name.upper() == name]
    return flat(lines[0].value).strip() if lines else ""


def keys(card):
    """The keys a card is matched by, strongest first."""
    found = [(name, first(card, name).strip(";, ")) for name in ("UID", "FN", "N", "ORG")]
    emails = [("EMAIL", flat(c.value).strip()) for c in card.getChildren() if c.name.upper() == "EMAIL"]
    return [k for k in found + emails if k[1]]


def skipped(card):
    """True when rapport's import skips the card by its documented rule (nothing to name it by)."""
    return not any(first(card, name).strip(";, ") for name in ("FN", "N", "ORG", "EMAIL"))


def counterpart(card, exported):
    """The exported cards that match the card: the first key that finds any."""
    for key in keys(card):
        found = [e for e in exported if key in keys(e)]
        if found:
            return found
    return []


# Cards fused with another card of the same file by a shared email (issue 13: two differently named
# cards must never be fused by email). Another change of issue 13 mends the matching; remove these
# then. (file, the card's label as printed)
EXPECTED = {
    ("calcard/009.vcf", "Only;N"),
    ("calcard/009.vcf", "Only FN"),
    ("calcard/rfc.vcf", "jdoe@example.com"),
    ("calcard/rfc.vcf", "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"),
}


def expected(label):
    """True for a card of EXPECTED in the file being compared."""
    path = sys.argv[1].replace("\\", "/")
    return any(path.endswith("/" + f) and label == l for f, l in EXPECTED)


def compare(original, exported):
    """The lines of differences between the two lists of cards."""
    lines = []
    for card in original:
        if skipped(card):
            continue
        label = next((v for _, v in keys(card)), "?")
        if expected(label):
            continue
        found = counterpart(card, exported)
        if not found:
            lines.append(f'card "{label}": not in the export')
            continue
        before = elements(card, False)
        after = set().union(*(elements(e, True) for e in found))
        names_before = {n for n, _, _ in before}
        for added in ("FN", "N"):
            if added not in names_before:
                after = {e for e in after if e[0] != added}
        for name, par, value in sorted(before - after):
            lines.append(f'card "{label}": only in the original: {show(name, par, value)}')
        others = set().union(*(elements(o, False) for o in original if o is not card and
                               counterpart(o, found)))
        for name, par, value in sorted(after - before - others):
            lines.append(f'card "{label}": only in the export: {show(name, par, value)}')
    return lines


def show(name, par, value):
    """One element as one readable content line (line ends escaped, long values cut)."""
    text = value.replace("\r", "\\r").replace("\n", "\\n")
    text = text if len(text) <= 120 else text[:117] + "..."
    return f"{name};{par}:{text}" if par else f"{name}:{text}"


def main():
    if len(sys.argv) != 3:
        print(__doc__.splitlines()[2])
        return 2
    try:
        original = read_cards(sys.argv[1], original=True)
    except Exception as error:  # vobject raises many kinds; any of them means "cannot read"
        print(f"vobject cannot read the original: {type(error).__name__}: {error}".splitlines()[0])
        return 2
    try:
        exported = read_cards(sys.argv[2])
    except Exception as error:
        print(f"vobject cannot read the export: {type(error).__name__}: {error}".splitlines()[0])
        return 3
    lines = compare(original, exported)
    for line in lines:
        print(line)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
