//! Human output of the command line: aligned tables, colour only on a terminal without `NO_COLOR`,
//! and every piece of stored text made safe before it reaches the terminal.

use crate::text::{sanitize_line, truncate_width, width};

/// Writes a command's result to stdout. A closed pipe (`rapport due | head`) comes back as an
/// `io::Error` of kind `BrokenPipe`, which `main` treats as a normal end.
pub fn emit(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// A colour with a meaning (status words, matches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Overdue, broken.
    Alarm,
    /// Due soon, open.
    Warn,
    /// Fine, kept.
    Good,
    /// Secondary text.
    Dim,
    /// Emphasis (search matches, headings).
    Strong,
}

/// Decides and applies colour for one run.
#[derive(Debug, Clone, Copy)]
pub struct Painter {
    /// Whether escape codes are written at all.
    pub colour: bool,
}

impl Painter {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset or empty.
    pub fn detect(stdout_is_terminal: bool, no_color: Option<String>) -> Painter {
        Painter {
            colour: stdout_is_terminal && no_color.is_none_or(|v| v.is_empty()),
        }
    }

    /// Wraps already-safe text in the tone's escape codes (or returns it as is).
    pub fn paint(&self, text: &str, tone: Tone) -> String {
        if !self.colour || text.is_empty() {
            return text.to_string();
        }
        let code = match tone {
            Tone::Alarm => "1;31",
            Tone::Warn => "33",
            Tone::Good => "32",
            Tone::Dim => "2",
            Tone::Strong => "1",
        };
        format!("\u{1b}[{code}m{text}\u{1b}[0m")
    }
}

/// One table cell: text (sanitized when the table is rendered) and an optional tone.
#[derive(Debug, Clone)]
pub struct Cell {
    text: String,
    tone: Option<Tone>,
}

impl Cell {
    /// A plain cell.
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            tone: None,
        }
    }

    /// A coloured cell.
    pub fn toned(text: impl Into<String>, tone: Tone) -> Cell {
        Cell {
            text: text.into(),
            tone: Some(tone),
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::new(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::new(text)
    }
}

/// An aligned table with a header row; long cells are cut at `max_width` columns (but the last).
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
    max_width: usize,
}

impl Table {
    /// A table with these column titles.
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| (*h).to_string()).collect(),
            rows: Vec::new(),
            max_width: 48,
        }
    }

    /// Adds a row (missing cells are blank).
    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }

    /// True when no row was added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as lines of text, columns separated by two spaces, trailing blanks trimmed.
    pub fn render(&self, painter: &Painter) -> String {
        let columns = self.headers.len();
        // Long cells are cut, except in the last column, which nothing follows.
        let cell_text = |c: &Cell, last: bool| {
            let text = sanitize_line(&c.text);
            if last {
                text
            } else {
                truncate_width(&text, self.max_width)
            }
        };
        // Each cell as (text, display width, tone), measured once.
        let measured = |text: String, tone: Option<Tone>| {
            let w = width(&text);
            (text, w, tone)
        };
        let rows: Vec<Vec<(String, usize, Option<Tone>)>> = self
            .rows
            .iter()
            .map(|r| {
                (0..columns)
                    .map(|i| {
                        r.get(i).map_or((String::new(), 0, None), |c| {
                            measured(cell_text(c, i + 1 == columns), c.tone)
                        })
                    })
                    .collect()
            })
            .collect();
        let header: Vec<(String, usize, Option<Tone>)> = self
            .headers
            .iter()
            .map(|h| measured(h.clone(), Some(Tone::Dim)))
            .collect();
        let mut widths = vec![0; columns];
        for row in std::iter::once(&header).chain(&rows) {
            for (i, (_, w, _)) in row.iter().enumerate() {
                widths[i] = widths[i].max(*w);
            }
        }
        let mut out = String::with_capacity(rows.len() * 80);
        let mut line = String::new();
        for cells in std::iter::once(header).chain(rows) {
            line.clear();
            for (i, (text, w, tone)) in cells.into_iter().enumerate() {
                match tone {
                    Some(tone) => line.push_str(&painter.paint(&text, tone)),
                    None => line.push_str(&text),
                }
                if i + 1 < columns {
                    let pad = widths[i].saturating_sub(w) + 2;
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// `bytes` for people: "512 KB", "720 MB".
fn byte_size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{} KB", bytes.div_ceil(1 << 10))
    }
}

/// A progress bar on stderr for long imports and exports; silent when stderr is not a terminal.
pub struct Progress {
    label: String,
    total: usize,
    /// Steps are bytes, shown as KB or MB.
    bytes: bool,
    enabled: bool,
    last_draw: Option<std::time::Instant>,
}

impl Progress {
    /// A bar for `total` steps; drawn only when `enabled` (stderr is a terminal).
    pub fn new(label: &str, total: usize, enabled: bool) -> Progress {
        Progress {
            label: label.to_string(),
            total: total.max(1),
            bytes: false,
            enabled,
            last_draw: None,
        }
    }

    /// Counts bytes (of a file being read) rather than items.
    pub fn in_bytes(mut self) -> Progress {
        self.bytes = true;
        self
    }

    /// Shows `done` of the total, at most ten times a second.
    pub fn update(&mut self, done: usize) {
        if !self.enabled
            || self
                .last_draw
                .is_some_and(|t| t.elapsed() < std::time::Duration::from_millis(100))
        {
            return;
        }
        self.last_draw = Some(std::time::Instant::now());
        let share = done.min(self.total) * 30 / self.total;
        let amount = if self.bytes {
            format!("{} / {}", byte_size(done), byte_size(self.total))
        } else {
            format!("{done}/{}", self.total)
        };
        eprint!(
            "\r{} [{}{}] {amount}",
            self.label,
            "#".repeat(share),
            ".".repeat(30 - share),
        );
    }

    /// Clears the bar's line.
    pub fn finish(&mut self) {
        if self.enabled && self.last_draw.is_some() {
            eprint!("\r{}\r", " ".repeat(self.label.len() + 50));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_display_width_and_controls_are_escaped() {
        let mut table = Table::new(&["ID", "NAME", "COMPANY"]);
        table.row(vec!["1".into(), "Jürgen Müller".into(), "Ankerwerk".into()]);
        table.row(vec!["12".into(), "Evil\u{1b}[2J".into(), "".into()]);
        let text = table.render(&Painter { colour: false });
        assert_eq!(
            text,
            "ID  NAME           COMPANY\n1   Jürgen Müller  Ankerwerk\n12  Evil^[[2J\n"
        );
    }

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(Painter::detect(true, None).colour);
        assert!(!Painter::detect(false, None).colour);
        assert!(!Painter::detect(true, Some("1".into())).colour);
        assert!(Painter::detect(true, Some(String::new())).colour);
    }
}
