//! Text helpers shared by the core and the edges: folding for matching what
//! people type (no case, no accents) and turning a name into an id.

/// Lowercase without accents, so "obrigacao" finds "obrigação" (people typing
/// over SSH often have no dead keys; spreadsheets spell names many ways).
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// Folded words only: punctuation and ordinal marks become spaces
/// ("Art. 7º, III" → "art 7 iii").
pub fn words(text: &str) -> String {
    fold(text)
        .chars()
        .map(|c| {
            // Ordinal marks are letters to Unicode but punctuation here.
            if c.is_alphanumeric() && !matches!(c, 'º' | 'ª') {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Items joined as a sentence lists them: "a", "a e b", "a, b e c".
pub fn enumeration<S: AsRef<str>>(items: &[S]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.as_ref().to_owned(),
        Some((last, rest)) => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} e {}", rest.join(", "), last.as_ref())
        }
    }
}

/// A label with its first letter in upper case, as a value on its own reads
/// ("Não", "Coleta").
pub fn capitalized(label: &str) -> String {
    let mut chars = label.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// An id (`[a-z0-9-]`, at most `max` characters) made from a name.
pub fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in fold(text).chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out: String = out.chars().take(max).collect();
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_slugs() {
        assert_eq!(fold("Obrigação"), "obrigacao");
        assert_eq!(words("Art. 7º, III"), "art 7 iii");
        assert_eq!(slug("Empréstimo do Acervo!", 64), "emprestimo-do-acervo");
        assert_eq!(slug("a b c", 3), "a-b");
    }
}
