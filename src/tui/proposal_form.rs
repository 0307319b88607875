//! The entry form filled from an inbox proposal (`e` on the Inbox screen): its contacts, kind,
//! date and time, title and initiative, to be completed into a full entry. Saving writes the entry
//! and accepts the proposal in one transaction; `Esc` leaves the proposal open.

use super::entry_form::{Candidate, EntryForm, Field, chosen};
use super::input::LineInput;
use crate::clock::Clock;
use crate::i18n::t;
use crate::store::ProposalRow;

impl EntryForm {
    /// A new entry made from `proposal`, its time on the user's clock; the focus in the title, the
    /// first thing to say better.
    pub fn from_proposal(
        proposal: &ProposalRow,
        candidates: Vec<Candidate>,
        clock: &Clock,
    ) -> EntryForm {
        let chosen = chosen(&proposal.contacts, &candidates);
        let mut form = EntryForm::new(None, candidates, false);
        form.proposal = Some(proposal.id);
        form.contacts = chosen;
        form.kind = proposal.kind;
        let when = clock
            .local(proposal.occurred_at.to_utc())
            .format("%Y-%m-%d %H:%M");
        let when = when.to_string();
        form.when = LineInput::new(&when).with_placeholder(t("form.now"));
        form.title = LineInput::new(proposal.title.as_deref().unwrap_or_default());
        form.initiative = proposal.initiative;
        form.focus = Field::Title;
        form.refresh_matches();
        form
    }
}
