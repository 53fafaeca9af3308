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
}

/// Builds field paths in on-disk keys: `Path::root("campos").item("cpf").key("fonte")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath(String);

impl FieldPath {
    pub fn root(key: &str) -> Self {
        Self(key.to_owned())
    }
    pub fn item(&self, id: &str) -> Self {
        Self(format!("{}[{id}]", self.0))
    }
    pub fn key(&self, key: &str) -> Self {
        Self(format!("{}.{key}", self.0))
    }
    pub fn into_string(self) -> String {
        self.0
    }
}
