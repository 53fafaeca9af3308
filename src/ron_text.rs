//! RON text in and out: the one set of options every file is read and written with
//! (so output is canonical and deterministic), and Portuguese explanations of parse
//! errors with line and column. Pure: strings in, strings out.

use std::fmt;

use ron::error::{Error as RonError, SpannedError};
use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Files larger than this are refused before parsing (a RON process is a few KiB).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// A problem reading one RON text, with the position it was found at (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "linha {}, coluna {}: {}",
            self.line, self.column, self.message
        )
    }
}

fn options() -> ron::Options {
    // `Some(x)` is written as plain `x`, and files need no `#![enable]` header.
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

fn pretty() -> PrettyConfig {
    PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .separator(" ")
        .struct_names(false)
        .compact_arrays(false)
        .enumerate_arrays(false)
        .escape_strings(false)
}

/// Parses RON bytes into `T`, checking size and UTF-8 first.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ParseError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ParseError {
            line: 1,
            column: 1,
            message: format!(
                "o arquivo tem {} bytes, acima do limite de {} bytes; não parece um arquivo do inventário",
                bytes.len(),
                MAX_FILE_BYTES
            ),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let (line, column) = position_of(&bytes[..error.valid_up_to()]);
        ParseError {
            line,
            column,
            message: "o arquivo não está em UTF-8 (salve-o com a codificação UTF-8)".to_owned(),
        }
    })?;
    // A byte-order mark (some Windows editors write one) is not content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    options().from_str(text).map_err(|error| {
        let mut parsed = translate(&error);
        // A list where one text is expected: most often two legal bases for one
        // purpose.
        if matches!(error.code, RonError::ExpectedString)
            && char_at(text, parsed.line, parsed.column) == Some('[')
        {
            parsed.message.push_str(
                "; aqui vai um só valor, não uma lista [ ]: uma finalidade tem uma só base legal — para duas bases, crie uma finalidade para cada uma",
            );
        }
        let (end_line, end_column) = position_of(text.trim_end().as_bytes());
        // At (or on) the last character: the text stops where more was expected.
        if (parsed.line, parsed.column + 1) >= (end_line, end_column)
            && !matches!(error.code, RonError::TrailingCharacters)
        {
            parsed.message = format!(
                "o arquivo terminou antes do fim da estrutura (está incompleto ou truncado?): {}",
                parsed.message
            );
        }
        parsed
    })
}

/// Writes `value` as canonical RON: fixed indentation, one field per line, one list
/// item per line, a final newline. The same value always gives the same bytes.
pub fn to_canonical<T: Serialize>(value: &T) -> Result<String, String> {
    let mut text = options()
        .to_string_pretty(value, pretty())
        .map_err(|error| error.to_string())?;
    text.push('\n');
    Ok(text)
}

/// The first character that is not a space at or after a 1-based line and
/// column (RON's spans start before the blanks that precede a value).
fn char_at(text: &str, line: usize, column: usize) -> Option<char> {
    text.lines()
        .nth(line.checked_sub(1)?)?
        .chars()
        .skip(column.checked_sub(1)?)
        .find(|c| !c.is_whitespace())
}

fn position_of(valid_prefix: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(valid_prefix);
    let line = 1 + text.matches('\n').count();
    let column = 1 + text.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, column)
}

fn translate(error: &SpannedError) -> ParseError {
    ParseError {
        line: error.span.start.line,
        column: error.span.start.col,
        message: explain(&error.code),
    }
}

/// What a type of the model is called in the file, for "(em …)": users never
/// see a Rust name. A type not listed says nothing rather than its Rust name.
fn in_words(type_name: &str) -> Option<&'static str> {
    Some(match type_name {
        "Process" => "no processo",
        "Institution" => "em inventario.ron",
        "Agent" => "no controlador",
        "DataProtectionOfficer" => "no encarregado",
        "CommitteeMember" => "num membro do comitê",
        "PolicySettings" => "na política",
        "Owner" => "no dono do processo",
        "Operator" => "num operador",
        "Purpose" => "numa finalidade",
        "SubjectGroup" => "num grupo de titulares",
        "DataField" => "num campo de dados",
        "Retention" => "na retenção",
        "Consent" => "no consentimento",
        "Sharing" => "num compartilhamento",
        "Transfer" => "numa transferência internacional",
        "SecurityMeasure" => "numa medida de segurança",
        "ItContract" => "num contrato de TI",
        "RipdFacts" => "nos fatos do RIPD",
        "RipdRecord" => "no registro do RIPD",
        "Review" => "na última revisão",
        "Answer" => "numa resposta (Sim ou Nao)",
        "RecipientKind" => "na natureza do destinatário",
        "EndCause" => "no fim do tratamento",
        "KeepException" => "na exceção de guarda",
        "FinalDestination" => "na destinação",
        "Period" => "num prazo (Anos(n) ou Evento(\"…\"))",
        "Phase" => "numa fase do ciclo de vida",
        "Reach" => "na abrangência",
        "StorageMedium" => "no armazenamento",
        "Section" => "numa seção (NaoPreenchido, NaoSeAplica ou Lista([...]))",
        "TriggerSet" => "num conjunto de gatilhos",
        "Ripd" => "no RIPD",
        "Risk" => "num risco",
        "Measure" => "numa medida",
        "Degree" => "num grau (Baixo, Moderado ou Alto)",
        "Effect" => "num efeito",
        "Signatory" => "num signatário",
        "Approval" => "na aprovação",
        _ => return None,
    })
}

fn where_in(outer: &Option<String>) -> String {
    match outer.as_deref().and_then(in_words) {
        Some(words) => format!(" ({words})"),
        None => String::new(),
    }
}

fn list(names: &[&str]) -> String {
    names.join(", ")
}

/// The Portuguese explanation of one RON error.
fn explain(code: &RonError) -> String {
    match code {
        RonError::Eof => "falta fechar um parêntese, colchete ou aspas".to_owned(),
        RonError::ExpectedComma => "esperava uma vírgula entre dois itens".to_owned(),
        RonError::ExpectedArray => "esperava uma lista entre colchetes [ ]".to_owned(),
        RonError::ExpectedArrayEnd => "esperava o fim da lista: ]".to_owned(),
        RonError::ExpectedStructLike => "esperava uma estrutura entre parênteses ( )".to_owned(),
        RonError::ExpectedStructLikeEnd => "esperava o fim da estrutura: )".to_owned(),
        RonError::ExpectedMapColon => "esperava dois-pontos depois do nome do campo".to_owned(),
        RonError::ExpectedString => "esperava um texto entre aspas".to_owned(),
        RonError::ExpectedStringEnd => "o texto não foi fechado com aspas".to_owned(),
        RonError::ExpectedInteger => "esperava um número inteiro".to_owned(),
        RonError::IntegerOutOfBounds => "número fora do intervalo permitido".to_owned(),
        RonError::ExpectedBoolean => "esperava true ou false".to_owned(),
        RonError::ExpectedIdentifier => "esperava um nome de campo ou de opção".to_owned(),
        RonError::ExpectedUnit => "esperava ()".to_owned(),
        RonError::TrailingCharacters => "há texto depois do fim da estrutura principal".to_owned(),
        RonError::UnclosedBlockComment => "comentário /* não foi fechado com */".to_owned(),
        RonError::UnexpectedChar(c) => format!("caractere inesperado '{c}'"),
        RonError::InvalidEscape(what) => format!("sequência de escape inválida: {what}"),
        RonError::Utf8Error(_) => "o arquivo não está em UTF-8".to_owned(),
        RonError::ExceededRecursionLimit => "estrutura aninhada demais".to_owned(),
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => format!(
            "campo desconhecido \"{found}\"{}; os campos aceitos são: {}",
            where_in(outer),
            list(expected)
        ),
        RonError::MissingStructField { field, outer } => {
            format!("falta o campo obrigatório \"{field}\"{}", where_in(outer))
        }
        RonError::DuplicateStructField { field, outer } => {
            format!("o campo \"{field}\" aparece duas vezes{}", where_in(outer))
        }
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => format!(
            "valor desconhecido \"{found}\"{}; os valores aceitos são: {}",
            where_in(outer),
            list(expected)
        ),
        RonError::InvalidValueForType { expected, found } => {
            format!("valor de tipo errado: esperava {expected}, encontrou {found}")
        }
        RonError::ExpectedDifferentLength { expected, found } => {
            format!("esperava {expected}, encontrou {found} elemento(s)")
        }
        RonError::Message(message) => translate_message(message),
        other => format!("erro de sintaxe RON ({other})"),
    }
}

/// Messages that come from our own `Deserialize` impls (already Portuguese) or
/// from serde's derive (English, translated for the common cases).
fn translate_message(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("input contains invalid characters") {
        return format!("caracteres inválidos{rest}");
    }
    if message.starts_with("premature end of input") {
        return "o valor termina antes do esperado".to_owned();
    }
    if message.contains("invalid value") || message.contains("invalid type") {
        return format!("valor inválido: {message}");
    }
    message.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        nome: String,
        idade: Option<u32>,
    }

    #[test]
    fn unknown_field_names_the_field_and_position() {
        let error = parse::<Sample>(b"(\n    nome: \"a\",\n    idadi: 3,\n)").unwrap_err();
        assert_eq!(error.line, 3);
        assert!(
            error.message.contains("campo desconhecido \"idadi\""),
            "{error}"
        );
        assert!(error.message.contains("nome, idade"), "{error}");
    }

    #[test]
    fn missing_field_is_explained() {
        let error = parse::<Sample>(b"(idade: 3)").unwrap_err();
        assert!(
            error.message.contains("falta o campo obrigatório \"nome\""),
            "{error}"
        );
    }

    #[test]
    fn truncated_text_is_explained() {
        let error = parse::<Sample>(b"(nome: \"a").unwrap_err();
        assert!(error.message.contains("aspas"), "{error}");
    }

    #[test]
    fn non_utf8_reports_the_position_of_the_bad_byte() {
        let error = parse::<Sample>(b"(\n  nome: \"a\xff\")").unwrap_err();
        assert_eq!((error.line, error.column), (2, 11));
        assert!(error.message.contains("UTF-8"));
    }

    #[test]
    fn option_is_written_without_some() {
        let text = to_canonical(&Sample {
            nome: "Ana".into(),
            idade: Some(3),
        })
        .unwrap();
        assert_eq!(text, "(\n    nome: \"Ana\",\n    idade: 3,\n)\n");
        assert_eq!(parse::<Sample>(text.as_bytes()).unwrap().idade, Some(3));
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let parsed = parse::<Sample>("\u{feff}(nome: \"a\")".as_bytes()).unwrap();
        assert_eq!(parsed.nome, "a");
    }

    #[test]
    fn messages_never_name_a_rust_type() {
        let sample = String::from_utf8_lossy(include_bytes!(
            "../sample-inventory/processos/folha-pagamento.ron"
        ));
        for (from, to) in [
            ("criancas: Nao", "criancas: false"),
            ("natureza: Publico", "natureza: Publica"),
            ("abrangencia: [", "abrangencia_x: ["),
        ] {
            assert!(sample.contains(from), "{from}");
            let text = sample.replacen(from, to, 1);
            let error = parse::<crate::model::Process>(text.as_bytes()).unwrap_err();
            for rust in ["Answer", "Process", "RecipientKind", "Sharing"] {
                assert!(!error.message.contains(rust), "{error}");
            }
            assert!(
                error.message.contains(" (n"),
                "says where in words: {error}"
            );
        }
    }

    #[test]
    fn two_bases_for_one_purpose_say_how_to_split_it() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Purpose {
            base_legal: String,
        }
        let error = parse::<Purpose>(b"(base_legal: [\"art7-ii\", \"art7-iii\"])").unwrap_err();
        assert!(
            error.message.contains("uma finalidade para cada"),
            "{error}"
        );
    }

    #[test]
    fn huge_input_is_refused_before_parsing() {
        let big = vec![b' '; MAX_FILE_BYTES + 1];
        assert!(
            parse::<Sample>(&big)
                .unwrap_err()
                .message
                .contains("limite")
        );
    }
}
