//! One field of a RON struct read without parsing the rest: `revisao pendente`
//! lists every never-approved process by its `nome`, and deserializing 2,000
//! whole files (serde skips unknown fields by parsing them anyway) was most of
//! its time. The scan knows RON's strings, characters, comments and brackets,
//! so a `nome` inside a nested struct (`dono: (nome: …)`) or inside a string is
//! never taken for the top-level one; the value found is parsed by RON itself.
//! When the scan is unsure, it says so (`None`) and the caller parses the whole
//! text. Pure: text in, value out.

use serde::de::DeserializeOwned;

/// The value of the top-level field `name` of the struct `text` holds, parsed;
/// `None` when the text has no such field or the scan cannot tell.
pub fn top_level_field<T: DeserializeOwned>(text: &str, name: &str) -> Option<T> {
    let value = field_text(text, name)?;
    crate::ron_text::parse(value.as_bytes()).ok()
}

/// The text of the value of the top-level field `name`.
fn field_text<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let bytes = text.as_bytes();
    let mut scan = Scanner { bytes, at: 0 };
    let mut depth = 0usize;
    let mut previous = None;
    while let Some(token) = scan.next_token()? {
        let key = previous.replace(token);
        match token {
            Token::Open => depth += 1,
            Token::Close => depth = depth.checked_sub(1)?,
            Token::Colon if depth == 1 => {
                let Some(Token::Ident(start, end)) = key else {
                    continue;
                };
                if &text[start..end] != name {
                    continue;
                }
                let value_start = scan.at;
                let mut inner = 0usize;
                loop {
                    let before = scan.at;
                    match scan.next_token()? {
                        Some(Token::Open) => inner += 1,
                        Some(Token::Close) if inner == 0 => {
                            return Some(text[value_start..before].trim());
                        }
                        Some(Token::Close) => inner -= 1,
                        Some(Token::Comma) if inner == 0 => {
                            return Some(text[value_start..before].trim());
                        }
                        Some(_) => {}
                        None => return None,
                    }
                }
            }
            _ => {}
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    Colon,
    Comma,
    /// An identifier, by its byte range.
    Ident(usize, usize),
    /// A string, a character, a number or any other single piece.
    Other,
}

struct Scanner<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.at + offset).copied()
    }

    /// The next token; `Ok(None)` at the end, `None` (outer) on text the scan
    /// does not follow (an unterminated string or comment).
    fn next_token(&mut self) -> Option<Option<Token>> {
        self.skip_blanks()?;
        let Some(byte) = self.peek(0) else {
            return Some(None);
        };
        let token = match byte {
            b'(' | b'[' | b'{' => {
                self.at += 1;
                Token::Open
            }
            b')' | b']' | b'}' => {
                self.at += 1;
                Token::Close
            }
            b':' => {
                self.at += 1;
                Token::Colon
            }
            b',' => {
                self.at += 1;
                Token::Comma
            }
            b'"' | b'\'' => {
                self.quoted(byte)?;
                Token::Other
            }
            b'r' if matches!(self.peek(1), Some(b'"' | b'#')) => {
                self.raw_string()?;
                Token::Other
            }
            b'b' if self.peek(1) == Some(b'"') => {
                self.at += 1;
                self.quoted(b'"')?;
                Token::Other
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let start = self.at;
                while self
                    .peek(0)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    self.at += 1;
                }
                Token::Ident(start, self.at)
            }
            _ => {
                // Numbers and signs: a run up to the next separator.
                self.at += 1;
                while self
                    .peek(0)
                    .is_some_and(|b| !b.is_ascii_whitespace() && !b"()[]{}:,\"'/".contains(&b))
                {
                    self.at += 1;
                }
                Token::Other
            }
        };
        Some(Some(token))
    }

    /// Skips whitespace and comments (`//` to the end of the line, `/* */`
    /// nested as RON allows).
    fn skip_blanks(&mut self) -> Option<()> {
        loop {
            match (self.peek(0), self.peek(1)) {
                (Some(b), _) if b.is_ascii_whitespace() => self.at += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.peek(0).is_some_and(|b| b != b'\n') {
                        self.at += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    self.at += 2;
                    let mut nesting = 1;
                    while nesting > 0 {
                        match (self.peek(0)?, self.peek(1)) {
                            (b'/', Some(b'*')) => {
                                nesting += 1;
                                self.at += 2;
                            }
                            (b'*', Some(b'/')) => {
                                nesting -= 1;
                                self.at += 2;
                            }
                            _ => self.at += 1,
                        }
                    }
                }
                _ => return Some(()),
            }
        }
    }

    /// A string or character with backslash escapes, closed by `quote`.
    fn quoted(&mut self, quote: u8) -> Option<()> {
        self.at += 1;
        loop {
            match self.peek(0)? {
                b'\\' => self.at += 2,
                b if b == quote => {
                    self.at += 1;
                    return Some(());
                }
                _ => self.at += 1,
            }
        }
    }

    /// `r"…"`, `r#"…"#` and so on: no escapes, closed by `"` and as many `#`.
    fn raw_string(&mut self) -> Option<()> {
        self.at += 1;
        let mut hashes = 0;
        while self.peek(0) == Some(b'#') {
            hashes += 1;
            self.at += 1;
        }
        if self.peek(0) != Some(b'"') {
            return None; // a raw identifier (`r#nome`): not followed
        }
        self.at += 1;
        loop {
            if self.peek(0)? == b'"' && (1..=hashes).all(|i| self.peek(i) == Some(b'#')) {
                self.at += 1 + hashes;
                return Some(());
            }
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Process;

    fn name(text: &str) -> Option<String> {
        top_level_field(text, "nome")
    }

    #[test]
    fn the_top_level_field_not_a_nested_one_or_one_in_a_string() {
        let text = r##"(
            // nome: "num comentário"
            descricao: "nome: \"numa string\", (",
            dono: (nome: "Dono", email: "d@x.br"),
            /* nome: "num bloco /* aninhado */" */
            apelido: r#"nome: "cru""#,
            letra: ')',
            nome: "O \"processo\", enfim",
            depois: [1, 2],
        )"##;
        assert_eq!(name(text).as_deref(), Some("O \"processo\", enfim"));
        assert_eq!(
            top_level_field::<Vec<u32>>(text, "depois"),
            Some(vec![1, 2])
        );
        assert_eq!(name("(nome: \"último\")").as_deref(), Some("último"));
    }

    #[test]
    fn an_absent_field_or_text_the_scan_cannot_follow_is_none() {
        assert_eq!(name("(id: \"x\", dono: (nome: \"Dono\"))"), None);
        assert_eq!(name("(nome: "), None);
        assert_eq!(name("(descricao: \"sem fim, nome: \\\"x\\\""), None);
        assert_eq!(name("(nome: 42)"), None);
        assert_eq!(name("nome: \"fora\""), None);
    }

    #[test]
    fn agrees_with_the_whole_parse_on_every_sample_and_synthetic_process() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-inventory/processos");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
            .collect();
        for process in crate::synthetic::inventory(11, 50).processes {
            texts.push(crate::ron_text::to_canonical(&process).unwrap());
        }
        for text in texts {
            let whole: Process = crate::ron_text::parse(text.as_bytes()).unwrap();
            assert_eq!(name(&text), Some(whole.name));
        }
    }
}
