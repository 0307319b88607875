"""The phone in the sync tests: an independent DAV client (requests, vobject, icalendar) that does what
a phone's address book, task and journal apps do to the collections rapport syncs with.

    dav_phone.py URL USER PASSWORD status PATH             prints the status of a PROPFIND (Depth 0)
    dav_phone.py URL USER PASSWORD get HREF                 prints the resource's bytes
    dav_phone.py URL USER PASSWORD put HREF TYPE < BODY     creates it (If-None-Match: *), prints the status
    dav_phone.py URL USER PASSWORD list COLLECTION          prints "href etag" per member
"""
import base64
import sys
import xml.etree.ElementTree as ET

import requests

DAV = "{DAV:}"


def propfind(session, url, depth, body):
    return session.request("PROPFIND", url, headers={"Depth": depth, "Content-Type": "application/xml"},
                           data=body)


def main(argv):
    base, user, password, command, *args = argv
    session = requests.Session()
    # Basic authentication in UTF-8 (RFC 7617 charset="UTF-8"), as phones send it; requests would use
    # Latin-1.
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    session.headers["Authorization"] = f"Basic {token}"
    if command == "status":
        r = propfind(session, base.rstrip("/") + args[0], "0",
                     '<propfind xmlns="DAV:"><prop><current-user-principal/></prop></propfind>')
        print(r.status_code)
    elif command == "get":
        r = session.get(base.rstrip("/") + args[0])
        r.raise_for_status()
        sys.stdout.buffer.write(r.content)
    elif command == "put":
        r = session.put(base.rstrip("/") + args[0], data=sys.stdin.buffer.read(),
                        headers={"Content-Type": args[1], "If-None-Match": "*"})
        print(r.status_code)
    elif command == "list":
        r = propfind(session, base.rstrip("/") + args[0], "1",
                     '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>')
        r.raise_for_status()
        for response in ET.fromstring(r.content).iter(DAV + "response"):
            href = response.findtext(DAV + "href")
            etag = response.findtext(f"{DAV}propstat/{DAV}prop/{DAV}getetag")
            if etag:
                print(href, etag)
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
