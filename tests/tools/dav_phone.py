"""The phone in the sync tests: an independent DAV client (requests, plain content lines) that does what
a phone's address book, task and journal apps do to the collections rapport syncs with.

    dav_phone.py URL USER PASSWORD status PATH             prints the status of a PROPFIND (Depth 0)
    dav_phone.py URL USER PASSWORD get HREF                 prints the resource's bytes (alias: raw)
    dav_phone.py URL USER PASSWORD put HREF TYPE < BODY     creates it (If-None-Match: *), prints the status
    dav_phone.py URL USER PASSWORD list COLLECTION          prints "href etag" per member
    dav_phone.py URL USER PASSWORD find NAME                prints the href of the collection NAME
                                                            ("rapport", "rapport-promises", ...) found from
                                                            the user's principal and home sets
    dav_phone.py URL USER PASSWORD records COLLECTION       prints "href<TAB>UID<TAB>FN or SUMMARY" per member
    dav_phone.py URL USER PASSWORD contact-with-photo COLLECTION UID NAME EMAIL
                                                            creates a vCard 3.0 as a phone writes it, with
                                                            a PHOTO (base64, a few KB) and an ADR; prints
                                                            the href
    dav_phone.py URL USER PASSWORD tick COLLECTION UID      marks the VTODO UID completed (If-Match); prints
                                                            the status
    dav_phone.py URL USER PASSWORD journal COLLECTION UID SUMMARY CN EMAIL DESCRIPTION
                                                            creates a VJOURNAL (an ATTENDEE when CN is not
                                                            empty); prints the href
    dav_phone.py URL USER PASSWORD set HREF NAME VALUE      sets the property NAME of the resource (the first
                                                            line of that name, else a new one before END:),
                                                            with If-Match; prints the status
    dav_phone.py URL USER PASSWORD delete HREF              deletes it (If-Match); prints the status
    dav_phone.py URL USER PASSWORD proxy PROPERTY VALUE     a proxy to URL on a free port (printed first): the
                                                            first PUT that updates a card (If-Match) is
                                                            preceded by the phone setting PROPERTY to VALUE
                                                            on that card, so rapport's PUT meets a changed
                                                            ETag (412) as in a real race; prints "raced HREF"
                                                            when it did
"""
import base64
import hashlib
import http.server
import sys
import threading
import urllib.parse
import xml.etree.ElementTree as ET

import requests

DAV = "{DAV:}"
CARD = "{urn:ietf:params:xml:ns:carddav}"
CAL = "{urn:ietf:params:xml:ns:caldav}"


def propfind(session, url, depth, body):
    return session.request("PROPFIND", url, headers={"Depth": depth, "Content-Type": "application/xml"},
                           data=body)


def members(session, url):
    """(href, etag) of every member of the collection at url (not the collection itself)."""
    r = propfind(session, url, "1", '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>')
    r.raise_for_status()
    found = []
    own = urllib.parse.urlparse(url).path.rstrip("/")
    for response in ET.fromstring(r.content).iter(DAV + "response"):
        href = response.findtext(DAV + "href")
        etag = response.findtext(f"{DAV}propstat/{DAV}prop/{DAV}getetag")
        if etag and href.rstrip("/") != own:
            found.append((href, etag))
    return found


def unfold(text):
    """The content lines of an iCalendar or vCard text, unfolded."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    return lines


def fold(lines):
    """Content lines folded at 75 octets (not inside a UTF-8 sequence), CRLF ended."""
    out = []
    for line in lines:
        data = line.encode()
        first = True
        while data:
            limit = 75 if first else 74
            cut = min(limit, len(data))
            while cut < len(data) and (data[cut] & 0xC0) == 0x80:
                cut -= 1
            out.append((b"" if first else b" ") + data[:cut])
            data = data[cut:]
            first = False
    return b"\r\n".join(out) + b"\r\n"


def prop_name(line):
    return line.split(":", 1)[0].split(";", 1)[0].upper()


def value_of(lines, name):
    for line in lines:
        if prop_name(line) == name:
            return line.split(":", 1)[1] if ":" in line else ""
    return ""


def find_collection(session, base, name):
    r = propfind(session, base + "/", "0",
                 '<propfind xmlns="DAV:"><prop><current-user-principal/></prop></propfind>')
    r.raise_for_status()
    principal = ET.fromstring(r.content).findtext(f".//{DAV}current-user-principal/{DAV}href")
    r = propfind(session, base + principal, "0",
                 '<propfind xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav" '
                 'xmlns:A="urn:ietf:params:xml:ns:caldav"><prop><C:addressbook-home-set/>'
                 '<A:calendar-home-set/></prop></propfind>')
    r.raise_for_status()
    tree = ET.fromstring(r.content)
    homes = [h.text for tag in (CARD + "addressbook-home-set", CAL + "calendar-home-set")
             for node in tree.iter(tag) for h in node.iter(DAV + "href") if h.text]
    for home in dict.fromkeys(homes):
        for href, _ in members_any(session, base + home):
            if href.rstrip("/").rsplit("/", 1)[-1] == name:
                return href
    sys.exit(f"no collection {name} under {homes}")


def members_any(session, url):
    """(href, None) of every member, collections included."""
    r = propfind(session, url, "1", '<propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>')
    r.raise_for_status()
    return [(x.findtext(DAV + "href"), None) for x in ET.fromstring(r.content).iter(DAV + "response")]


def set_property(session, url, name, value):
    """Sets NAME:VALUE on the resource at url with If-Match; the status of the PUT."""
    r = session.get(url)
    r.raise_for_status()
    lines = unfold(r.content.decode())
    new = f"{name}:{value}"
    for i, line in enumerate(lines):
        if prop_name(line) == name:
            lines[i] = new
            break
    else:
        # Before the END of the record (the last END: of a vCard, or of the first component in a calendar).
        ends = [i for i, line in enumerate(lines) if line.upper().startswith("END:")]
        at = ends[0] if ends else len(lines)
        lines.insert(at, new)
    r2 = session.put(url, data=fold(lines), headers={
        "Content-Type": r.headers.get("Content-Type", "text/plain"), "If-Match": r.headers["ETag"]})
    return r2.status_code


def photo_card(uid, name, email):
    # A few KB of fixed "JPEG" bytes, the same on every run.
    blob = b"\xff\xd8\xff\xe0" + b"".join(hashlib.sha256(str(i).encode()).digest() for i in range(100))
    given, _, family = name.partition(" ")
    lines = [
        "BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", f"FN:{name}", f"N:{family};{given};;;",
        f"EMAIL;TYPE=INTERNET,WORK:{email}", "TEL;TYPE=CELL:+49 170 1234567",
        "ADR;TYPE=WORK:;;Hauptstraße 5;Berlin;;10115;Germany",
        "PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(blob).decode(),
        "X-PHONE-APP-RINGTONE:marimba", "END:VCARD",
    ]
    return fold(lines)


def tick(session, base, collection, uid):
    for href, _ in members(session, base + collection):
        r = session.get(base + href)
        lines = unfold(r.content.decode())
        if value_of(lines, "UID") != uid:
            continue
        lines = [l for l in lines if prop_name(l) not in ("STATUS", "COMPLETED", "PERCENT-COMPLETE")]
        at = next(i for i, l in enumerate(lines) if l.upper() == "END:VTODO")
        lines[at:at] = ["STATUS:COMPLETED", "COMPLETED:20261126T150000Z", "PERCENT-COMPLETE:100"]
        r2 = session.put(base + href, data=fold(lines), headers={
            "Content-Type": "text/calendar; charset=utf-8", "If-Match": r.headers["ETag"]})
        return r2.status_code
    sys.exit(f"no VTODO {uid} in {collection}")


def journal(uid, summary, cn, email, description):
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//jtx Board//phone test//EN", "BEGIN:VJOURNAL",
             f"UID:{uid}", "DTSTAMP:20261126T160000Z", "DTSTART:20261126T150000Z", f"SUMMARY:{summary}",
             "DESCRIPTION:" + description.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,")
             .replace(";", "\\;")]
    if cn:
        lines.append(f'ATTENDEE;CN="{cn}":mailto:{email}' if email else f'ATTENDEE;CN="{cn}":urn:x:{cn}')
    lines += ["END:VJOURNAL", "END:VCALENDAR"]
    return fold(lines)


def create(session, url, body, kind):
    r = session.put(url, data=body, headers={"Content-Type": kind, "If-None-Match": "*"})
    r.raise_for_status()


def proxy(session, upstream, name, value):
    raced = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in ("host", "content-length", "connection", "accept-encoding")}
            if (self.command == "PUT" and "If-Match" in self.headers and not raced
                    and b"BEGIN:VCARD" in (body or b"")):
                raced.append(self.path)
                set_property(session, upstream + self.path, name, value)
                print("raced", self.path, flush=True)
            r = requests.request(self.command, upstream + self.path, headers=headers, data=body,
                                 allow_redirects=False)
            content = r.content
            self.send_response(r.status_code)
            for k, v in r.headers.items():
                if k.lower() not in ("content-length", "transfer-encoding", "connection",
                                     "content-encoding", "keep-alive"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_OPTIONS = do_HEAD = forward
        do_MKCOL = do_MKCALENDAR = do_PROPPATCH = do_POST = forward

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # until the test closes stdin or kills us


def main(argv):
    base, user, password, command, *args = argv
    base = base.rstrip("/")
    session = requests.Session()
    # Basic authentication in UTF-8 (RFC 7617 charset="UTF-8"), as phones send it; requests would use
    # Latin-1.
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    session.headers["Authorization"] = f"Basic {token}"
    if command == "status":
        r = propfind(session, base + args[0], "0",
                     '<propfind xmlns="DAV:"><prop><current-user-principal/></prop></propfind>')
        print(r.status_code)
    elif command in ("get", "raw"):
        r = session.get(base + args[0])
        r.raise_for_status()
        sys.stdout.buffer.write(r.content)
    elif command == "put":
        r = session.put(base + args[0], data=sys.stdin.buffer.read(),
                        headers={"Content-Type": args[1], "If-None-Match": "*"})
        print(r.status_code)
    elif command == "list":
        for href, etag in members(session, base + args[0]):
            print(href, etag)
    elif command == "find":
        print(find_collection(session, base, args[0]))
    elif command == "records":
        for href, _ in members(session, base + args[0]):
            lines = unfold(session.get(base + href).content.decode())
            print(href, value_of(lines, "UID"), value_of(lines, "FN") or value_of(lines, "SUMMARY"),
                  sep="\t")
    elif command == "contact-with-photo":
        collection, uid, name, email = args
        href = collection.rstrip("/") + f"/{uid}.vcf"
        create(session, base + href, photo_card(uid, name, email), "text/vcard; charset=utf-8")
        print(href)
    elif command == "tick":
        print(tick(session, base, args[0], args[1]))
    elif command == "journal":
        collection, uid, summary, cn, email, description = args
        href = collection.rstrip("/") + f"/{uid}.ics"
        create(session, base + href, journal(uid, summary, cn, email, description),
               "text/calendar; charset=utf-8")
        print(href)
    elif command == "set":
        print(set_property(session, base + args[0], args[1], args[2]))
    elif command == "delete":
        r = session.get(base + args[0])
        r.raise_for_status()
        print(session.delete(base + args[0], headers={"If-Match": r.headers["ETag"]}).status_code)
    elif command == "proxy":
        proxy(session, base, args[0], args[1])
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
