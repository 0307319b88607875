//! `rapport mcp` driven by an independent client: the official Python MCP SDK
//! (`tests/tools/mcp_client.py`, with `mcp` and `jsonschema` from `tests/tools/mcp-requirements.txt`,
//! installed by `.ci/run` into `target/mcp-venv`; `RAPPORT_MCP_PYTHON` names another Python that has
//! them). Outside CI a missing SDK skips with one line; under `CI=true` it fails.

mod common;

use common::{NOW, Sandbox};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python that has the MCP SDK, or `None` after [`common::cannot_run`] said why not.
fn mcp_python() -> Option<PathBuf> {
    common::python_with(
        "RAPPORT_MCP_PYTHON",
        "mcp-venv",
        "mcp, jsonschema",
        "the MCP tests need the Python MCP SDK: python3 -m venv target/mcp-venv && \
         target/mcp-venv/bin/pip install -r tests/tools/mcp-requirements.txt \
         (or set RAPPORT_MCP_PYTHON)",
    )
}

/// A journal with two Annas (an ambiguous name), open promises, entries that mention "Angebot", and
/// Petra Privat, who shares an entry and a promise with Jürgen and introduced him.
fn journal() -> Sandbox {
    let s = Sandbox::new();
    s.ok(&[
        "contact",
        "add",
        "Jürgen Müller",
        "--company",
        "Ankerwerk GmbH",
    ]);
    s.ok(&["contact", "add", "Anna Schmidt", "--cadence", "2w"]);
    s.ok(&["contact", "add", "Anna Weber", "--tier", "A"]);
    s.ok(&["contact", "add", "Petra Privat", "--tier", "A"]);
    s.ok(&["contact", "edit", "Jürgen", "--introduced-by", "Petra"]);
    s.ok(&[
        "log",
        "Jürgen",
        "--at",
        "2026-09-01",
        "--promise",
        "Angebot schicken",
        "--due",
        "2026-11-20",
        "Wir sprachen über das Angebot für die Halle.",
    ]);
    s.ok(&[
        "log",
        "Anna Schmidt",
        "--at",
        "2026-10-15",
        "--kind",
        "call",
        "--their-promise",
        "Angebot prüfen",
        "Sie prüft das Angebot bis Dezember.",
    ]);
    s.ok(&[
        "log",
        "Jürgen, Petra Privat",
        "--at",
        "2026-11-02",
        "--promise",
        "Petra Privat das Angebot zeigen",
        "--due",
        "2026-11-10",
        "Angebot mit Petra Privat besprochen.",
    ]);
    s.ok(&[
        "log",
        "Petra Privat",
        "--at",
        "2026-06-01",
        "Petra Privat allein.",
    ]);
    s
}

fn run_client(s: &Sandbox, private: Option<&str>) {
    let Some(python) = mcp_python() else { return };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/mcp_client.py");
    let mut cmd = Command::new(python);
    cmd.arg(script)
        .arg(env!("CARGO_BIN_EXE_rapport"))
        .arg(s.home.path())
        .arg(NOW);
    if let Some(name) = private {
        cmd.arg(name);
    }
    let out = cmd.output().expect("run the MCP client");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("all checks passed"),
        "the MCP client failed:\n{stdout}\n{stderr}"
    );
}

#[test]
fn the_python_sdk_lists_validates_and_calls_every_tool_like_the_cli() {
    run_client(&journal(), None);
}

#[test]
fn a_private_contact_is_never_returned_or_written_about() {
    let s = journal();
    s.ok(&["contact", "add", "Anna Geheim", "--private", "yes"]);
    s.ok(&[
        "log",
        "Anna Geheim",
        "--at",
        "2026-08-01",
        "Angebot für Anna Geheim.",
    ]);
    s.ok(&["contact", "edit", "Petra Privat", "--private", "yes"]);
    run_client(&s, Some("Petra Privat,Anna Geheim"));
}

#[test]
fn stdout_carries_protocol_messages_only_and_the_passphrase_is_never_asked() {
    let s = journal();
    // Not a protocol message: the server answers with a JSON-RPC error or nothing, never with text.
    let out = s
        .cmd(&["mcp"])
        .write_stdin("hello\n")
        .output()
        .expect("run");
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("a JSON-RPC message");
        assert_eq!(value["jsonrpc"], "2.0", "{line}");
    }
    // An encrypted journal without its passphrase file: one line on stderr, nothing on stdout,
    // no prompt on the terminal.
    let passphrase = s.path("passphrase");
    std::fs::write(&passphrase, "ein langes Geheimnis\n").expect("write");
    let mut encrypt = s.cmd(&["encrypt", "--yes"]);
    encrypt.env("RAPPORT_PASSPHRASE_FILE", &passphrase);
    encrypt.assert().success();
    let out = s.cmd(&["mcp"]).write_stdin("").output().expect("run");
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "stdout: {:?}", out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("passphrase"), "{stderr}");
}
