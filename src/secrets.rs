//! Secrets kept outside rapport: in a file or printed by a command (a password manager). They serve
//! the journal's passphrase and the sync server's password alike.

use std::path::Path;

/// The secret kept in the file at `path`, without the line break that ends it.
pub fn secret_file(path: &Path) -> std::io::Result<String> {
    let text = std::fs::read_to_string(path)?;
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

/// What `command`, run by `sh -c`, prints on standard output (its standard error goes to ours, so a
/// password manager can ask for its own passphrase); the error says why it failed, in one line.
pub fn secret_command(command: &str) -> Result<String, String> {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(out.status.to_string());
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}
