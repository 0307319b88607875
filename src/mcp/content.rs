//! The server's description, its resources (the weekly review summary and each contact's briefing)
//! and the "weekly review" prompt.

use super::tools::briefing_text;
use super::{Journal, Request, failed, refused};
use crate::i18n::{t, tr};
use crate::insight;
use crate::text::sanitize_line;
use rmcp::handler::server::tool::ToolCallContext;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, GetPromptRequestParams, GetPromptResponse,
    GetPromptResult, Implementation, ListPromptsResult, ListResourceTemplatesResult,
    ListResourcesResult, PaginatedRequestParams, Prompt, PromptMessage, ReadResourceRequestParams,
    ReadResourceResponse, ReadResourceResult, Resource, ResourceContents, ResourceTemplate, Role,
    ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, RoleServer, ServerHandler, tool_handler};

/// The weekly review summary's address.
pub const REVIEW_URI: &str = "rapport://review";
/// The name of the weekly review prompt.
pub const REVIEW_PROMPT: &str = "weekly_review";
/// How many briefings of flagged contacts `resources/list` names (the template reaches every contact).
const LISTED_BRIEFINGS: usize = 50;

/// The address of one contact's briefing.
pub fn briefing_uri(id: crate::domain::model::Id) -> String {
    format!("rapport://contact/{id}/briefing")
}

/// The id in a briefing address, when `uri` is one.
fn briefing_id(uri: &str) -> Option<crate::domain::model::Id> {
    uri.strip_prefix("rapport://contact/")?
        .strip_suffix("/briefing")?
        .parse()
        .ok()
}

/// The contacts flagged for this week's review (most urgent first), private ones left out.
fn flagged(journal: &Journal, r: &Request<'_>) -> Result<Vec<insight::ContactHealth>, ErrorData> {
    let today = r.clock.today();
    let list = insight::neglect_list(r.store, &journal.defaults, today, false)
        .map_err(|e| failed(e.into()))?;
    let handled = r.store.handled_flags().map_err(|e| failed(e.into()))?;
    let mut queue = insight::review_queue(&list, &handled);
    r.visible(today, &mut queue)?;
    Ok(queue)
}

/// The weekly review summary in Markdown: each flagged contact with the reasons and their briefing.
fn review_text(journal: &Journal, r: &Request<'_>) -> Result<String, ErrorData> {
    let today = r.clock.today();
    let queue = flagged(journal, r)?;
    let date = crate::store::format_day(today);
    let mut text = format!("# {}\n\n", tr("mcp.review_title", &[("date", &date)]));
    if queue.is_empty() {
        text.push_str(t("mcp.review_none"));
        text.push('\n');
        return Ok(text);
    }
    text.push_str(&tr("mcp.review_count", &[("n", &queue.len())]));
    text.push('\n');
    for c in &queue {
        let company = c
            .contact
            .company
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(|c| format!(" ({})", sanitize_line(c)))
            .unwrap_or_default();
        text.push_str(&format!(
            "\n- #{} {}{company}: {}; {}",
            c.contact.id,
            sanitize_line(&c.contact.name),
            sanitize_line(&crate::display::reasons(c, today).join("; ")),
            tr(
                "mcp.review_briefing",
                &[("uri", &briefing_uri(c.contact.id))]
            )
        ));
    }
    text.push('\n');
    Ok(text)
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Journal {
    fn get_info(&self) -> ServerConfig {
        let capabilities = ServerCapabilities::builder()
            .enable_tools()
            .enable_resources()
            .enable_prompts()
            .build();
        ServerConfig::new(capabilities)
            .with_server_info(Implementation::new("rapport", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "rapport is the user's local journal of business relationships. Use \
                 who_needs_attention for whom to contact and why, briefing before a meeting, \
                 search and promises to look things up; log_entry and mark_promise write only \
                 when the user asks and the server allows writes.",
            )
    }

    /// Every tool call; arguments the tool's schema refuses (wrong types, unknown or missing fields)
    /// become a protocol error like every other refusal, not a tool result.
    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let tool = request.name.to_string();
        let call = ToolCallContext::new(self, request, context);
        match self.tool_router.call(call).await? {
            CallToolResponse::Complete(result) if result.is_error == Some(true) => {
                let message: Vec<String> = result
                    .content
                    .iter()
                    .filter_map(|c| c.as_text().map(|t| t.text.clone()))
                    .collect();
                // The SDK's words (serde's) are English: said in the user's language around them.
                let error = message.join(" ");
                Err(refused(tr(
                    "mcp.bad_arguments",
                    &[("tool", &tool), ("error", &error)],
                )))
            }
            other => Ok(other),
        }
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        self.with(|r| {
            let mut resources = vec![
                Resource::new(REVIEW_URI, t("mcp.review_resource"))
                    .with_description(t("mcp.review_resource_about"))
                    .with_mime_type("text/markdown"),
            ];
            for c in flagged(self, r)?.iter().take(LISTED_BRIEFINGS) {
                let name = tr("mcp.briefing_resource", &[("name", &c.contact.name)]);
                resources.push(
                    Resource::new(briefing_uri(c.contact.id), sanitize_line(&name))
                        .with_mime_type("text/markdown"),
                );
            }
            Ok(ListResourcesResult::with_all_items(resources))
        })
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        let template = ResourceTemplate::new(
            "rapport://contact/{id}/briefing",
            t("mcp.briefing_template"),
        )
        .with_description(t("mcp.briefing_template_about"))
        .with_mime_type("text/markdown");
        Ok(ListResourceTemplatesResult::with_all_items(vec![template]))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let uri = request.uri;
        let unknown = || {
            ErrorData::resource_not_found(
                sanitize_line(&tr("mcp.unknown_resource", &[("uri", &uri)])),
                None,
            )
        };
        let text = self.with(|r| {
            if uri == REVIEW_URI {
                return review_text(self, r);
            }
            let id = briefing_id(&uri).ok_or_else(unknown)?;
            if r.hidden.contact(id) || r.store.contact(id).is_err() {
                return Err(unknown());
            }
            briefing_text(r, id, &self.defaults)
        })?;
        let contents = ResourceContents::text(text, uri.clone()).with_mime_type("text/markdown");
        Ok(ReadResourceResult::new(vec![contents]).into())
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        let mut prompt = Prompt::new(REVIEW_PROMPT, Some(t("mcp.prompt_about")), None);
        prompt.title = Some(t("mcp.prompt_title").to_string());
        Ok(ListPromptsResult::with_all_items(vec![prompt]))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        if request.name != REVIEW_PROMPT {
            return Err(refused(tr(
                "mcp.unknown_prompt",
                &[("name", &request.name)],
            )));
        }
        let review = self.with(|r| review_text(self, r))?;
        let text = tr("mcp.prompt_text", &[("review", &review)]);
        let result = GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)])
            .with_description(t("mcp.prompt_about"));
        Ok(result.into())
    }
}
