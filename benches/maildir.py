"""Writes an isync-style Maildir of N messages (headers of about 1 KB, threads of four, 60 % from or to
the contacts of a rapport.json, the rest strangers and newsletters) for benches/inbox.sh.

    python3 benches/maildir.py RAPPORT_JSON FOLDER COUNT [START]

START numbers the messages (a second call with START = COUNT adds new ones to the same folder).
"""
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone

source, folder, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = int(sys.argv[4]) if len(sys.argv) > 4 else 0
rng = random.Random(42 + start)
with open(source, encoding="utf-8") as f:
    people = [(c["name"], c["email"]) for c in json.load(f)["contacts"] if c.get("email")]
for sub in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(folder, sub), exist_ok=True)
me = ("Anna Schmidt", "anna@example.org")
end = datetime(2026, 11, 29, 18, 0, tzinfo=timezone(timedelta(hours=1)))
filler = "X-Mailer: bench\r\nX-Spam-Score: 0.1\r\nReceived: from mx.example.org by mail.example.org; " + "x" * 600
thread = None
for n in range(start, start + count):
    if n % 4 == 0:
        roll = rng.random()
        if roll < 0.6:
            other = rng.choice(people)
        elif roll < 0.9:
            other = (f"Stranger {rng.randrange(5000)}", f"s{rng.randrange(5000)}@else.example")
        else:
            other = ("News", f"noreply@news{rng.randrange(20)}.example")
        at = end - timedelta(minutes=rng.randrange(365 * 24 * 60))
        thread = (other, at, f"Subject {n}", f"t{n}")
    other, at, subject, root = thread
    at = at + timedelta(minutes=20 * (n % 4))
    mine = n % 2 == 1
    frm, to = (me, other) if mine else (other, me)
    headers = [
        f"From: {frm[0]} <{frm[1]}>",
        f"To: {to[0]} <{to[1]}>",
        f"Subject: {'Re: ' if n % 4 else ''}{subject}",
        f"Date: {at.strftime('%a, %d %b %Y %H:%M:%S %z')}",
        f"Message-ID: <m{n}@bench>",
    ]
    if n % 4:
        headers += [f"In-Reply-To: <{root}@bench>", f"References: <{root}@bench>"]
    else:
        headers[-1] = f"Message-ID: <{root}@bench>"
    name = f"{1700000000 + n}.{n}_{n}.bench,U={n}:2,S"
    with open(os.path.join(folder, "cur", name), "w", encoding="utf-8") as f:
        f.write("\r\n".join(headers) + "\r\n" + filler + "\r\n\r\nbody\r\n")
