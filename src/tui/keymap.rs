//! The one keymap table: it drives dispatch, the footer hints and the help screen, so the three can
//! never disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies. Popups and screens are tried before `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Everywhere unless a popup or text field takes the key.
    Global,
    /// The home screen: contact list and timeline.
    Home,
    /// A contact's page.
    Contact,
    /// A company's page.
    Company,
    /// One entry.
    Entry,
    /// The promises list.
    Promises,
    /// The inbox of proposed touches.
    Inbox,
    /// Full-text search.
    Search,
    /// The help screen.
    Help,
    /// The weekly review.
    Review,
    /// The weekly review after its last card.
    ReviewDone,
    /// The portfolio overview.
    Overview,
    /// The entry and contact forms.
    Form,
    /// A yes/no question.
    Confirm,
}

impl Scope {
    /// Every scope, in the order the help screen lists them.
    pub const ALL: &'static [Scope] = &[
        Scope::Global,
        Scope::Home,
        Scope::Contact,
        Scope::Company,
        Scope::Entry,
        Scope::Promises,
        Scope::Inbox,
        Scope::Search,
        Scope::Review,
        Scope::ReviewDone,
        Scope::Overview,
        Scope::Form,
        Scope::Confirm,
        Scope::Help,
    ];

    /// Catalogue key of the scope's title in the help screen.
    pub fn title_key(self) -> &'static str {
        match self {
            Scope::Global => "scope.global",
            Scope::Home => "scope.home",
            Scope::Contact => "scope.contact",
            Scope::Company => "scope.company",
            Scope::Entry => "scope.entry",
            Scope::Promises => "scope.promises",
            Scope::Inbox => "scope.inbox",
            Scope::Search => "scope.search",
            Scope::Help => "scope.help",
            Scope::Review => "scope.review",
            Scope::ReviewDone => "scope.review_done",
            Scope::Overview => "scope.overview",
            Scope::Form => "scope.form",
            Scope::Confirm => "scope.confirm",
        }
    }
}

/// What the user wants; the update function gives each its meaning on the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Move the selection up one row.
    Up,
    /// Move the selection down one row.
    Down,
    /// Up one screenful.
    PageUp,
    /// Down one screenful.
    PageDown,
    /// To the first row.
    Top,
    /// To the last row.
    Bottom,
    /// Focus the next pane or field.
    NextPane,
    /// Focus the previous pane or field.
    PrevPane,
    /// Open the selected contact or entry.
    Open,
    /// Write a new entry.
    NewEntry,
    /// Add a contact.
    AddContact,
    /// Edit the selected item.
    Edit,
    /// Delete the selected item (asks first).
    Delete,
    /// Open the promises list.
    Promises,
    /// Open full-text search.
    Search,
    /// Start the weekly review.
    Review,
    /// Show the portfolio overview.
    Overview,
    /// Show the help screen.
    Help,
    /// Go back or close.
    Back,
    /// Leave rapport.
    Quit,
    /// Filter the contact list by typing.
    Filter,
    /// Reload everything from the database.
    Refresh,
    /// Mark the selected promise kept.
    Kept,
    /// Mark the selected promise broken.
    Broken,
    /// Archive or restore the contact.
    Archive,
    /// Save the form.
    Save,
    /// Edit the body in `$VISUAL`/`$EDITOR`.
    ExternalEditor,
    /// Log a touch with the contact under review.
    LogTouch,
    /// Snooze the contact under review.
    Snooze,
    /// Change the cadence or tier of the contact under review.
    ChangeCadence,
    /// The next card.
    Next,
    /// The previous card.
    Previous,
    /// Answer yes.
    Yes,
    /// Give a question's second answer (keep an entry's promises when deleting it).
    Alternative,
    /// Answer no.
    No,
    /// Take back the last one-key change.
    Undo,
    /// Open the selected kept or broken promise again.
    Reopen,
    /// List kept and broken promises too (or only open ones again).
    ShowClosed,
    /// Give the overdue promise on the review card a new due date.
    NewDue,
    /// Merge another contact into this one (asks first).
    Merge,
    /// Order search results by relevance, or newest first again.
    ToggleRank,
    /// Open the page of the contact's company.
    Company,
    /// Sync with the DAV server now.
    Sync,
    /// Open the inbox of proposed touches.
    Inbox,
    /// Drop the selected proposal.
    Ignore,
    /// Accept every proposal shown.
    AcceptAll,
}

impl Action {
    /// True for the actions that move a selection or scroll (the same on every list and text).
    pub fn moves(self) -> bool {
        matches!(
            self,
            Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Top
                | Action::Bottom
        )
    }
}

/// One key: a code and the modifiers that must be held (Shift is ignored for characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl / Alt that must be held.
    pub mods: KeyModifiers,
}

const fn key(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

impl Key {
    /// True when a key event is this key.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        let mods = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        event.code == self.code && mods == self.mods
    }

    /// How the key is written in the footer and the help screen.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// One row of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Where it applies.
    pub scope: Scope,
    /// The keys that trigger it (the first is shown in the footer).
    pub keys: &'static [Key],
    /// What it does.
    pub action: Action,
    /// Catalogue key of its description.
    pub help: &'static str,
    /// Shown in the footer of its scope.
    pub footer: bool,
}

const fn bind(
    scope: Scope,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        scope,
        keys,
        action,
        help,
        footer,
    }
}

use Action as A;
use Scope as S;

/// Every binding of the app.
pub const KEYMAP: &[Binding] = &[
    bind(
        S::Global,
        &[key('j'), code(KeyCode::Down)],
        A::Down,
        "help.down",
        false,
    ),
    bind(
        S::Global,
        &[key('k'), code(KeyCode::Up)],
        A::Up,
        "help.up",
        false,
    ),
    bind(
        S::Global,
        &[code(KeyCode::PageDown), ctrl('d')],
        A::PageDown,
        "help.page_down",
        false,
    ),
    bind(
        S::Global,
        &[code(KeyCode::PageUp), ctrl('u')],
        A::PageUp,
        "help.page_up",
        false,
    ),
    bind(
        S::Global,
        &[key('g'), code(KeyCode::Home)],
        A::Top,
        "help.top",
        false,
    ),
    bind(
        S::Global,
        &[key('G'), code(KeyCode::End)],
        A::Bottom,
        "help.bottom",
        false,
    ),
    bind(
        S::Global,
        &[key('?'), code(KeyCode::F(1))],
        A::Help,
        "help.help",
        true,
    ),
    bind(S::Global, &[code(KeyCode::Esc)], A::Back, "help.back", true),
    bind(
        S::Global,
        &[ctrl('r'), code(KeyCode::F(5))],
        A::Refresh,
        "help.refresh",
        false,
    ),
    bind(S::Global, &[ctrl('c')], A::Quit, "help.quit_now", false),
    bind(S::Global, &[key('u')], A::Undo, "help.undo", false),
    bind(
        S::Home,
        &[code(KeyCode::Tab)],
        A::NextPane,
        "help.next_pane",
        false,
    ),
    bind(
        S::Home,
        &[code(KeyCode::BackTab)],
        A::PrevPane,
        "help.prev_pane",
        false,
    ),
    bind(S::Home, &[code(KeyCode::Enter)], A::Open, "help.open", true),
    bind(S::Home, &[key('n')], A::NewEntry, "help.new_entry", true),
    bind(
        S::Home,
        &[key('a')],
        A::AddContact,
        "help.add_contact",
        true,
    ),
    bind(S::Home, &[key('e')], A::Edit, "help.edit", false),
    bind(S::Home, &[key('d')], A::Delete, "help.delete", false),
    bind(S::Home, &[key('f')], A::Filter, "help.filter", true),
    bind(S::Home, &[key('/')], A::Search, "help.search", true),
    bind(S::Home, &[key('p')], A::Promises, "help.promises", true),
    bind(S::Home, &[key('r')], A::Review, "help.review", false),
    bind(S::Home, &[key('o')], A::Overview, "help.overview", false),
    bind(S::Home, &[key('c')], A::Company, "help.company", false),
    bind(S::Home, &[key('S')], A::Sync, "help.sync", false),
    bind(S::Home, &[key('i')], A::Inbox, "help.inbox", false),
    bind(
        S::Inbox,
        &[code(KeyCode::Enter), key('y')],
        A::Kept,
        "help.accept_proposal",
        true,
    ),
    bind(
        S::Inbox,
        &[key('x')],
        A::Ignore,
        "help.ignore_proposal",
        true,
    ),
    bind(S::Inbox, &[key('e')], A::Edit, "help.edit_proposal", true),
    bind(S::Inbox, &[key('A')], A::AcceptAll, "help.accept_all", true),
    bind(S::Home, &[key('q')], A::Quit, "help.quit", true),
    bind(
        S::Contact,
        &[code(KeyCode::Enter)],
        A::Open,
        "help.open_entry",
        true,
    ),
    bind(
        S::Contact,
        &[code(KeyCode::Tab)],
        A::NextPane,
        "help.contact_charts",
        true,
    ),
    bind(S::Contact, &[key('n')], A::NewEntry, "help.new_entry", true),
    bind(S::Contact, &[key('e')], A::Edit, "help.edit_contact", true),
    bind(S::Contact, &[key('x')], A::Archive, "help.archive", true),
    bind(
        S::Contact,
        &[key('d')],
        A::Delete,
        "help.delete_contact",
        false,
    ),
    bind(
        S::Contact,
        &[key('m')],
        A::Merge,
        "help.merge_contact",
        false,
    ),
    bind(S::Contact, &[key('p')], A::Promises, "help.promises", false),
    bind(S::Contact, &[key('c')], A::Company, "help.company", true),
    bind(
        S::Company,
        &[code(KeyCode::Enter)],
        A::Open,
        "help.open_company_row",
        true,
    ),
    bind(S::Contact, &[key('/')], A::Search, "help.search", false),
    bind(S::Entry, &[key('e')], A::Edit, "help.edit_entry", true),
    bind(S::Entry, &[key('d')], A::Delete, "help.delete_entry", true),
    bind(
        S::Entry,
        &[key('p')],
        A::Promises,
        "help.entry_promises",
        true,
    ),
    bind(
        S::Promises,
        &[code(KeyCode::Enter), key('y')],
        A::Kept,
        "help.kept",
        true,
    ),
    bind(S::Promises, &[key('b')], A::Broken, "help.broken", true),
    bind(S::Promises, &[key('e')], A::Edit, "help.edit_promise", true),
    bind(S::Promises, &[key('r')], A::Reopen, "help.reopen", false),
    bind(
        S::Promises,
        &[key('d')],
        A::Delete,
        "help.delete_promise",
        false,
    ),
    bind(
        S::Promises,
        &[key('a')],
        A::ShowClosed,
        "help.show_closed",
        false,
    ),
    bind(
        S::Promises,
        &[key('o')],
        A::Open,
        "help.open_promise_contact",
        true,
    ),
    bind(
        S::Search,
        &[code(KeyCode::Enter)],
        A::Open,
        "help.open_result",
        true,
    ),
    bind(
        S::Search,
        &[code(KeyCode::Tab)],
        A::NextPane,
        "help.search_focus",
        true,
    ),
    bind(
        S::Search,
        &[ctrl('o')],
        A::ToggleRank,
        "help.search_rank",
        true,
    ),
    bind(
        S::Form,
        &[code(KeyCode::Tab)],
        A::NextPane,
        "help.next_field",
        true,
    ),
    bind(
        S::Form,
        &[code(KeyCode::BackTab)],
        A::PrevPane,
        "help.prev_field",
        false,
    ),
    bind(S::Form, &[ctrl('s')], A::Save, "help.save", true),
    bind(
        S::Form,
        &[ctrl('e')],
        A::ExternalEditor,
        "help.external_editor",
        true,
    ),
    bind(S::Form, &[code(KeyCode::Esc)], A::Back, "help.cancel", true),
    bind(
        S::Confirm,
        &[key('y'), code(KeyCode::Enter)],
        A::Yes,
        "help.yes",
        true,
    ),
    bind(
        S::Confirm,
        &[key('k')],
        A::Alternative,
        "help.keep_promises",
        true,
    ),
    bind(
        S::Confirm,
        &[key('n'), code(KeyCode::Esc)],
        A::No,
        "help.no",
        true,
    ),
    bind(S::Help, &[key('q')], A::Back, "help.close_help", true),
    bind(S::Overview, &[key('q')], A::Back, "help.close", true),
    bind(S::Review, &[key('l')], A::LogTouch, "help.log_touch", true),
    bind(S::Review, &[key('s')], A::Snooze, "help.snooze", true),
    bind(
        S::Review,
        &[key('c')],
        A::ChangeCadence,
        "help.change_cadence",
        true,
    ),
    bind(
        S::Review,
        &[key('x')],
        A::Archive,
        "help.archive_review",
        true,
    ),
    bind(
        S::Review,
        &[key('n'), key(' ')],
        A::Next,
        "help.next_card",
        true,
    ),
    bind(
        S::Review,
        &[key('b')],
        A::Previous,
        "help.previous_card",
        true,
    ),
    bind(
        S::Review,
        &[code(KeyCode::Enter)],
        A::Open,
        "help.open_contact",
        false,
    ),
    bind(S::Review, &[key('y')], A::Kept, "help.review_kept", false),
    bind(
        S::Review,
        &[key('!')],
        A::Broken,
        "help.review_broken",
        false,
    ),
    bind(
        S::Review,
        &[key('v')],
        A::NewDue,
        "help.review_new_due",
        false,
    ),
    bind(S::Review, &[key('q')], A::Back, "help.close_review", false),
    bind(
        S::ReviewDone,
        &[key('b')],
        A::Previous,
        "help.previous_card",
        true,
    ),
    bind(
        S::ReviewDone,
        &[key('q')],
        A::Back,
        "help.close_review",
        true,
    ),
];

/// The action bound to `event` in `scope` (without falling back to Global).
pub fn lookup(scope: Scope, event: &KeyEvent) -> Option<Action> {
    KEYMAP
        .iter()
        .find(|b| b.scope == scope && b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.action)
}

/// The footer hints of a screen: its own footer bindings, then the global ones.
pub fn footer(scope: Scope) -> Vec<(String, &'static str)> {
    let own = KEYMAP.iter().filter(|b| b.scope == scope && b.footer);
    let global = KEYMAP.iter().filter(|b| {
        b.scope == Scope::Global && b.footer && scope != Scope::Form && scope != Scope::Confirm
    });
    own.chain(global)
        .filter(|b| !(b.scope == Scope::Global && b.action == Action::Back && scope == Scope::Home))
        .map(|b| (b.keys[0].label(), b.help))
        .collect()
}

/// How much a footer hint matters when the footer cannot show them all: 0 always stays (help), 1
/// (the way out and each screen's main step) stays longer than 2 (the rest). `help` is the
/// binding's catalogue key, as [`footer`] gives it.
pub fn footer_rank(help: &str) -> u8 {
    match KEYMAP.iter().find(|b| b.help == help).map(|b| b.action) {
        Some(Action::Help) => 0,
        Some(
            Action::Back
            | Action::Quit
            | Action::Open
            | Action::NewEntry
            | Action::Save
            | Action::Kept
            | Action::Broken
            | Action::LogTouch
            | Action::Next,
        ) => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_a_scope() {
        for scope in Scope::ALL {
            let mut seen: Vec<Key> = Vec::new();
            for b in KEYMAP.iter().filter(|b| b.scope == *scope) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{scope:?}: {} bound twice", k.label());
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn every_binding_is_described_in_the_catalogue() {
        let map = crate::i18n::flatten(crate::i18n::EN_TOML).unwrap();
        for b in KEYMAP {
            assert!(map.contains_key(b.help), "{}", b.help);
        }
        for scope in Scope::ALL {
            assert!(map.contains_key(scope.title_key()), "{}", scope.title_key());
        }
    }

    #[test]
    fn shift_is_ignored_for_characters_and_ctrl_is_not() {
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Scope::Global, &shifted), Some(Action::Bottom));
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Scope::Form, &ctrl_s), Some(Action::Save));
        assert_eq!(
            lookup(
                Scope::Home,
                &KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE)
            ),
            None
        );
    }
}
