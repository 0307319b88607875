//! `rapport mcp`: the journal answers an assistant over the Model Context Protocol on stdin/stdout,
//! with the official Rust SDK (`rmcp`). The tools, resources and the prompt are built on `insight`,
//! `store` and `report` (the records `--json` prints), never on the app or the printing commands.
//!
//! Stdout carries protocol messages only (nothing here prints); diagnostics go to stderr. The
//! passphrase of an encrypted journal comes from its file or command, never from the protocol and
//! never from stdin (the protocol's). Private contacts do not exist for the server: they are never
//! named, returned or written about.

pub mod args;
mod content;
#[cfg(test)]
mod tests;
mod tools;

use crate::cli::Context;
use crate::clock::Clock;
use crate::domain::rules::CadenceDefaults;
use crate::i18n::tr;
use crate::insight::ContactHealth;
use crate::report::Hidden;
use crate::store::{Store, StoreError};
use crate::text::sanitize_line;
use rmcp::ErrorData;
use rmcp::handler::server::router::tool::ToolRouter;
use std::sync::{Arc, Mutex};

/// The server: the open journal, the settings it is judged by, and whether writes are allowed.
#[derive(Clone)]
pub struct Journal {
    store: Arc<Mutex<Store>>,
    defaults: CadenceDefaults,
    clock: Clock,
    allow_write: bool,
    tool_router: ToolRouter<Journal>,
}

/// What a tool works with for one request: the journal, the contacts it must not reveal, and the
/// clock advanced to this moment.
pub(crate) struct Request<'a> {
    store: &'a mut Store,
    hidden: Hidden,
    clock: Clock,
}

impl Journal {
    /// A server on `store`; `clock` is advanced to the system time at each request (unless fixed by
    /// `RAPPORT_NOW`), so a server left running knows what day it is.
    pub fn new(
        store: Store,
        defaults: CadenceDefaults,
        clock: Clock,
        allow_write: bool,
    ) -> Journal {
        Journal {
            store: Arc::new(Mutex::new(store)),
            defaults,
            clock,
            allow_write,
            tool_router: Journal::tool_router(),
        }
    }

    /// Runs `f` on the journal for one request.
    fn with<T>(
        &self,
        f: impl FnOnce(&mut Request<'_>) -> Result<T, ErrorData>,
    ) -> Result<T, ErrorData> {
        let mut store = self
            .store
            .lock()
            .map_err(|_| ErrorData::internal_error("the journal is unavailable", None))?;
        let hidden = Hidden::of(&store).map_err(|e| failed(e.into()))?;
        let mut request = Request {
            store: &mut store,
            hidden,
            clock: self.clock.tick(),
        };
        f(&mut request)
    }

    /// Refuses a write unless the server was started with `--allow-write`.
    fn writable(&self) -> Result<(), ErrorData> {
        if self.allow_write {
            Ok(())
        } else {
            Err(refused(crate::i18n::t("mcp.writes_off")))
        }
    }
}

impl Request<'_> {
    /// A neglect list without the private contacts, its reasons naming no promise made in an entry
    /// that involves one (such a promise is still counted, unnamed).
    fn visible(
        &self,
        today: chrono::NaiveDate,
        list: &mut Vec<ContactHealth>,
    ) -> Result<(), ErrorData> {
        list.retain(|c| !self.hidden.contact(c.contact.id));
        self.hidden
            .unname_promises(self.store, today, list)
            .map_err(|e| failed(e.into()))
    }
}

/// A request the server will not answer (bad arguments, unknown or ambiguous names, writes off):
/// the protocol's "invalid params" with one clean line.
pub(crate) fn refused(message: impl std::fmt::Display) -> ErrorData {
    ErrorData::invalid_params(sanitize_line(&message.to_string()), None)
}

/// An error while answering: one the caller caused (an unknown id, a name that is not clear) is
/// refused; a failure of the journal itself is an internal error. Both in one line.
pub(crate) fn failed(e: anyhow::Error) -> ErrorData {
    let message = sanitize_line(&format!("{e:#}"));
    match e.downcast_ref::<StoreError>() {
        None | Some(StoreError::NotFound { .. }) => ErrorData::invalid_params(message, None),
        Some(_) => ErrorData::internal_error(message, None),
    }
}

/// Runs `rapport mcp`: opens the journal (the passphrase never asked on the terminal) and answers
/// on stdin/stdout until the client closes them.
///
/// # Errors
///
/// The journal cannot be opened, or the connection fails.
pub fn serve(ctx: &Context, allow_write: bool) -> anyhow::Result<()> {
    use rmcp::ServiceExt;
    let store = ctx.open_store_asking(false)?;
    let mode = if allow_write {
        crate::i18n::t("mcp.writable")
    } else {
        crate::i18n::t("mcp.read_only")
    };
    eprintln!(
        "{}",
        sanitize_line(&tr(
            "mcp.serving",
            &[("path", &ctx.paths.database.display()), ("mode", &mode)]
        ))
    );
    let journal = Journal::new(store, ctx.config.cadence_defaults(), ctx.clock, allow_write);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let service = journal.serve(rmcp::transport::stdio()).await?;
        service.waiting().await?;
        anyhow::Ok(())
    })
}
