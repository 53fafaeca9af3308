//! What a rule reports: a `Finding` with its severity, the rule and article behind
//! it, a Portuguese message and where it is (file, process, field path, position).

use serde::Serialize;

use super::registry::Rule;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    #[serde(rename = "erro")]
    Error,
    #[serde(rename = "aviso")]
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "erro",
            Severity::Warning => "aviso",
        }
    }
}

/// Where a finding is. `field` is a path in on-disk keys with list items named by
/// id, e.g. `campos[cpf].base_legal`, so the editor can show it beside the field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    #[serde(rename = "arquivo")]
    pub file: String,
    #[serde(rename = "processo")]
    pub process: Option<String>,
    #[serde(rename = "campo")]
    pub field: Option<String>,
    #[serde(rename = "linha")]
    pub line: Option<usize>,
    #[serde(rename = "coluna")]
    pub column: Option<usize>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            ..Self::default()
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// "processos/x.ron:3:7 [campos[cpf].base_legal]", for text output.
    pub fn describe(&self) -> String {
        let mut text = self.file.clone();
        if let (Some(line), Some(column)) = (self.line, self.column) {
            text.push_str(&format!(":{line}:{column}"));
        }
        if let Some(field) = &self.field {
            text.push_str(&format!(" [{field}]"));
        }
        text
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    #[serde(rename = "severidade")]
    pub severity: Severity,
    #[serde(rename = "regra")]
    pub rule: &'static str,
    #[serde(rename = "artigo")]
    pub article: &'static str,
    #[serde(rename = "mensagem")]
    pub message: String,
    #[serde(flatten)]
    pub location: Location,
}

impl Finding {
    pub fn new(rule: &Rule, location: Location, message: impl Into<String>) -> Self {
        Self {
            severity: rule.severity,
            rule: rule.id,
            article: rule.article,
            message: message.into(),
            location,
        }
    }

    /// The same finding with another severity, for a rule whose severity comes
    /// from the institution's settings (`ripd-necessario`).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// A field path in on-disk keys: `FieldPath::root("campos").item("cpf").key("fonte")`
/// is `campos[cpf].fonte`. A copyable value that borrows its parts, so building one
/// costs nothing until a finding is actually reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldPath<'a> {
    segments: [Segment<'a>; MAX_DEPTH],
    len: usize,
}

const MAX_DEPTH: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment<'a> {
    Key(&'a str),
    Item(&'a str),
    Index(usize),
}

impl<'a> FieldPath<'a> {
    pub fn root(key: &'a str) -> Self {
        let mut segments = [Segment::Key(""); MAX_DEPTH];
        segments[0] = Segment::Key(key);
        Self { segments, len: 1 }
    }

    fn push(mut self, segment: Segment<'a>) -> Self {
        debug_assert!(self.len < MAX_DEPTH, "field path deeper than {MAX_DEPTH}");
        if self.len < MAX_DEPTH {
            self.segments[self.len] = segment;
            self.len += 1;
        }
        self
    }

    /// A list item, named by its id (or position).
    pub fn item(self, id: &'a str) -> Self {
        self.push(Segment::Item(id))
    }

    /// A list item without an id, by its position (0-based).
    pub fn index(self, position: usize) -> Self {
        self.push(Segment::Index(position))
    }

    /// A key inside the current value.
    pub fn key(self, key: &'a str) -> Self {
        self.push(Segment::Key(key))
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        for (i, segment) in self.segments[..self.len].iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => out.push_str(key),
                Segment::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Segment::Item(id) => {
                    out.push('[');
                    out.push_str(id);
                    out.push(']');
                }
                Segment::Index(position) => out.push_str(&format!("[{position}]")),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::FieldPath;

    #[test]
    fn renders_keys_and_items() {
        let path = FieldPath::root("campos")
            .item("cpf")
            .key("retencao")
            .key("ttdd");
        assert_eq!(path.render(), "campos[cpf].retencao.ttdd");
        assert_eq!(FieldPath::root("ripd").render(), "ripd");
    }
}
