"""An independent MCP client for `rapport mcp` (tests/mcp.rs runs it): the official Python SDK
starts the real binary over stdio, lists and validates the tools, calls every tool and compares the
answers with the command line's `--json` on the same journal, checks that writes need --allow-write,
that a private contact is never returned, and that hostile calls are refused one by one without a
change to the journal. Prints one line per check; exits 1 at the first failure.

Usage: mcp_client.py RAPPORT_BINARY HOME NOW [PRIVATE_NAME,...]
"""

import asyncio
import json
import os
import subprocess
import sys

import jsonschema
from mcp import ClientSession, MCPError, StdioServerParameters, stdio_client

BINARY, HOME, NOW = sys.argv[1], sys.argv[2], sys.argv[3]
PRIVATES = sys.argv[4].split(",") if len(sys.argv) > 4 else []
PRIVATE = PRIVATES[0] if PRIVATES else None
ENV = {"HOME": HOME, "RAPPORT_NOW": NOW, "LANG": "C.UTF-8", "PATH": os.environ.get("PATH", "")}
TOOLS = {"who_needs_attention", "briefing", "search", "contact", "promises", "log_entry", "mark_promise"}


def cli(*args):
    """What `rapport ARGS` prints (it must succeed)."""
    out = subprocess.run([BINARY, *args], env=ENV, capture_output=True, text=True, check=True)
    return out.stdout


def cli_json(*args):
    return json.loads(cli(*args))


def journal():
    """The whole journal as the JSON export writes it (to see that nothing changed)."""
    return cli("export", "--format", "json")


def check(condition, what):
    if not condition:
        print(f"FAILED: {what}", file=sys.stderr)
        sys.exit(1)
    print(f"ok: {what}")


async def refused(session, name, arguments, what, needle=None):
    """The call is answered with a protocol error (containing `needle` when given)."""
    try:
        result = await session.call_tool(name, arguments)
    except MCPError as e:
        check(needle is None or needle in e.message, f"{what}: {e.message[:160]}")
        return e.message
    check(False, f"{what}: expected a protocol error, got {str(result)[:300]}")


async def structured(session, name, arguments):
    result = await session.call_tool(name, arguments)
    check(not result.is_error, f"{name} {json.dumps(arguments, ensure_ascii=False)[:80]} answers")
    check(any(c.type == "text" and c.text for c in result.content), f"{name} has a text")
    return result.structured_content


def server(*flags):
    return StdioServerParameters(command=BINARY, args=["mcp", *flags], env=ENV)


async def read_only():
    async with stdio_client(server()) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = (await session.list_tools()).tools
            check({t.name for t in tools} == TOOLS, "the seven tools, by the contract's names")
            for tool in tools:
                jsonschema.Draft202012Validator.check_schema(tool.input_schema)
                check(tool.input_schema.get("type") == "object", f"{tool.name}: an object schema")
                check(len(tool.description or "") > 40, f"{tool.name}: described for a model")
            if not PRIVATE:
                # With a private contact the command line shows more than the server (see private()).
                await compare_with_cli(session)
                await resources_and_prompt(session)
            before = journal()
            await refused(session, "log_entry", {"contacts": ["Jürgen"], "body": "x"},
                          "log_entry refused without --allow-write", "--allow-write")
            await refused(session, "mark_promise", {"id": 1, "status": "kept"},
                          "mark_promise refused without --allow-write", "--allow-write")
            await hostile(session)
            if PRIVATE:
                await private(session)
            check(journal() == before, "the read-only session changed nothing")


async def compare_with_cli(session):
    due = await structured(session, "who_needs_attention", {})
    check(due == {"due": cli_json("due", "--json")}, "who_needs_attention = due --json")
    later = await structured(session, "who_needs_attention", {"as_of": "2026-12-20", "limit": 2})
    check(later == {"due": cli_json("due", "--json", "--as-of", "2026-12-20")[:2]},
          "who_needs_attention as_of, limit = due --as-of --json")
    result = await session.call_tool("briefing", {"contact": "Jürgen"})
    briefing = cli("export", "--format", "markdown", "--contact", "Jürgen")
    check(result.content[0].text == briefing, "briefing = export --format markdown --contact")
    found = await structured(session, "search", {"query": "Angebot"})
    check(found == cli_json("search", "Angebot", "--json", "--groups"), "search = search --json --groups")
    check(found["entries"] and all("snippet" in e and "id" in e for e in found["entries"]),
          "search results have ids and snippets")
    narrow = await structured(session, "search", {"query": "Angebot", "contact": "#1", "limit": 1})
    check(narrow == cli_json("search", "Angebot", "--contact", "#1", "--limit", "1", "--json", "--groups"),
          "search contact, limit = search --contact --limit")
    shown = await structured(session, "contact", {"contact": "#1"})
    check(shown == cli_json("contact", "show", "1", "--json"), "contact = contact show --json")
    by_prefix = await structured(session, "contact", {"contact": "Jürg"})
    check(by_prefix == shown, "a unique prefix names the contact as on the command line")
    promises = await structured(session, "promises", {})
    check(promises == {"promises": cli_json("promise", "list", "--open", "--json")},
          "promises = promise list --open --json")
    mine = await structured(session, "promises", {"contact": "Jürgen"})
    check(mine == {"promises": cli_json("promise", "list", "--open", "--contact", "Jürgen", "--json")},
          "promises contact = promise list --open --contact --json")


async def resources_and_prompt(session):
    listed = [str(r.uri) for r in (await session.list_resources()).resources]
    check("rapport://review" in listed, "the weekly review is a resource")
    templates = (await session.list_resource_templates()).resource_templates
    check(any("{id}" in t.uri_template for t in templates), "briefings by contact id are a template")
    review = (await session.read_resource("rapport://review")).contents[0].text
    check("#1 " in review, "the review names a flagged contact")
    briefing = (await session.read_resource("rapport://contact/1/briefing")).contents[0].text
    check(briefing == cli("export", "--format", "markdown", "--contact", "1"), "a briefing resource")
    prompts = (await session.list_prompts()).prompts
    check([p.name for p in prompts] == ["weekly_review"], "the weekly review prompt")
    prompt = await session.get_prompt("weekly_review", allow_input_required=False)
    check(review.strip() in prompt.messages[0].content.text, "the prompt walks through the review")


async def hostile(session):
    before = journal()
    await refused(session, "drop_everything", {}, "an unknown tool")
    await refused(session, "who_needs_attention", {"limit": "many"}, "a limit that is no number")
    await refused(session, "who_needs_attention", {"limit": 0}, "a limit of 0")
    await refused(session, "search", {"query": 5}, "a query that is no string",
                  "the arguments do not fit the schema of search")
    await refused(session, "search", {}, "a search without a query")
    await refused(session, "contact", {"contact": "Jürgen", "and": "more"}, "an unknown argument")
    await refused(session, "search", {"query": "x" * 200_000}, "a huge query", "too long")
    await refused(session, "contact", {"contact": "y" * 100_000}, "a huge name", "too long")
    await refused(session, "who_needs_attention", {"as_of": "the day after never"}, "a bad date")
    message = await refused(session, "contact", {"contact": "Anna"}, "an ambiguous name", "#")
    check("Anna Schmidt" in message and "Anna Weber" in message, "the ambiguity lists the candidates")
    await refused(session, "briefing", {"contact": "Nobody Here"}, "an unknown contact")
    await refused(session, "mark_promise", {"id": "twelve", "status": "kept"}, "a bad promise id")
    check(journal() == before, "hostile calls changed nothing")
    still = await structured(session, "who_needs_attention", {})
    check("due" in still, "the server still answers after them")


async def private(session):
    """`PRIVATE` is marked private: never named, returned or written about."""
    dumped = []
    due = await session.call_tool("who_needs_attention", {})
    dumped.append(json.dumps(due.structured_content, ensure_ascii=False) + due.content[0].text)
    for query in [PRIVATE, PRIVATE.split()[0], "Angebot"]:
        found = await session.call_tool("search", {"query": query})
        dumped.append(json.dumps(found.structured_content, ensure_ascii=False) + found.content[0].text)
    promises = await session.call_tool("promises", {})
    dumped.append(json.dumps(promises.structured_content, ensure_ascii=False) + promises.content[0].text)
    for resource in (await session.list_resources()).resources:
        dumped.append(resource.name)
        dumped.append((await session.read_resource(str(resource.uri))).contents[0].text)
    for contact in ["#1", "Jürgen"]:
        shown = await session.call_tool("contact", {"contact": contact})
        dumped.append(json.dumps(shown.structured_content, ensure_ascii=False))
        briefing = await session.call_tool("briefing", {"contact": contact})
        dumped.append(briefing.content[0].text)
    prompt = await session.get_prompt("weekly_review", allow_input_required=False)
    dumped.append(prompt.messages[0].content.text)
    for name in PRIVATES:
        leaks = [text[:300] for text in dumped if name in text]
        check(not leaks, f"{name} is never returned {leaks}")
    message = await refused(session, "contact", {"contact": "Anna"}, "an ambiguous name", "#")
    check(all(name not in message for name in PRIVATES), "no private contact among the candidates")
    unknown = await refused(session, "contact", {"contact": "Nobody Here"}, "an unknown contact")
    for tool in ["contact", "briefing"]:
        hidden = await refused(session, tool, {"contact": PRIVATE}, f"{tool} of the private contact")
        check(hidden == unknown.replace("Nobody Here", PRIVATE), f"{tool}: the same error as an unknown one")
    private_id = next(c["id"] for c in cli_json("contact", "list", "--json") if c["name"] == PRIVATE)
    hidden = await refused(session, "contact", {"contact": f"#{private_id}"}, "the private contact's id")
    check(PRIVATE not in hidden, "the private contact's id is not named")
    try:
        await session.read_resource(f"rapport://contact/{private_id}/briefing")
        check(False, "the private contact's briefing resource is refused")
    except MCPError as e:
        check(PRIVATE not in e.message, "the private contact's briefing resource is refused")


async def writes():
    async with stdio_client(server("--allow-write")) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            before = journal()
            await refused(session, "log_entry", {"contacts": ["Jürgen"], "body": "x", "when": "blorp"},
                          "log_entry with a bad date")
            await refused(session, "log_entry", {"contacts": [], "body": "x"}, "log_entry without contacts")
            await refused(session, "log_entry", {"contacts": ["Jürgen"], "body": "x", "mood": 9},
                          "log_entry with a mood of 9")
            await refused(session, "log_entry", {"contacts": ["Jürgen"], "body": "x" * 200_000},
                          "log_entry with a huge body", "too long")
            await refused(session, "log_entry", {"contacts": ["Anna"], "body": "x"},
                          "log_entry about an ambiguous name")
            await refused(session, "mark_promise", {"id": 999_999, "status": "kept"}, "an unknown promise")
            await refused(session, "mark_promise", {"id": 1, "status": "forgotten"}, "a status that is none")
            if PRIVATE:
                await refused(session, "log_entry", {"contacts": [PRIVATE], "body": "x"},
                              "log_entry about the private contact")
            check(journal() == before, "refused writes changed nothing")
            entry = await structured(session, "log_entry", {
                "contacts": ["Jürgen", "#2"], "kind": "call", "when": "yesterday", "title": "Rückruf",
                "body": "Er war zufrieden.", "mood": 1, "initiative": "them",
                "my_promise": "Angebot schicken", "my_promise_due": "friday"})
            check(entry == cli_json("entry", "show", str(entry["id"]), "--json"),
                  "log_entry returns the entry as entry show --json")
            promise = entry["promises"][0]
            marked = await structured(session, "mark_promise", {"id": f"#{promise['id']}", "status": "kept"})
            listed = [p for p in cli_json("promise", "list", "--json") if p["id"] == promise["id"]]
            check(marked == listed[0] and marked["status"] == "kept", "mark_promise keeps it")
            broken = await structured(session, "mark_promise", {"id": promise["id"], "status": "broken"})
            check(broken["status"] == "broken", "mark_promise breaks it")


async def main():
    await read_only()
    await writes()
    print("all checks passed")


asyncio.run(main())
