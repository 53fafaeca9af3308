//! Rules on purposes and legal bases (LGPD art. 6 I, 7, 11, 14, 23): every purpose
//! has a basis and its legal provision, every field resolves to a basis, sensitive
//! fields rest on art. 11 only (children's data: `vulnerable`).

use super::registry as r;
use super::{CheckContext, FieldPath, Sink, is_blank};
use crate::catalog::{BasisArticle, BasisNature};
use crate::model::Process;

pub(crate) fn check(ctx: &CheckContext, p: &Process, sink: &mut Sink) {
    if p.purposes.is_empty() {
        sink.push(
            &r::NO_PURPOSE,
            Some(FieldPath::root("finalidades")),
            "o processo não declara nenhuma finalidade: todo tratamento precisa de propósito legítimo, específico e informado ao titular".to_owned(),
        );
    }
    for purpose in &p.purposes {
        let path = FieldPath::root("finalidades").item(purpose.id.as_str());
        public_body(ctx, purpose, path, sink);
        if purpose.legal_basis.is_none() {
            sink.push(
                &r::PURPOSE_NO_BASIS,
                Some(path.key("base_legal")),
                format!(
                    "a finalidade \"{}\" não tem base legal",
                    purpose.description
                ),
            );
        }
        if is_blank(purpose.legal_provision.as_deref()) {
            sink.push(
                &r::PURPOSE_NO_PROVISION,
                Some(path.key("previsao_legal")),
                format!(
                    "a finalidade \"{}\" não cita a lei, decreto ou norma que a fundamenta",
                    purpose.description
                ),
            );
        }
    }
    for field in &p.fields {
        let path = FieldPath::root("campos").item(field.id.as_str());
        let bases = p.bases_of(field);
        if bases.is_empty() {
            // Only when the field's purposes do not already explain the gap.
            if !field.purposes.is_empty() && field.purposes.iter().all(|id| p.purpose(id).is_some())
            {
                sink.push(
                    &r::FIELD_NO_BASIS,
                    Some(path.key("base_legal")),
                    format!(
                        "o campo \"{}\" não tem base legal, nem própria nem das finalidades que atende",
                        field.id
                    ),
                );
            }
            continue;
        }
        if !ctx.catalogs.is_sensitive_field(field) {
            continue;
        }
        for basis_id in bases {
            let Some(basis) = ctx.catalogs.basis(basis_id) else {
                continue; // reported as an unknown catalog id
            };
            let basis_path = if field.legal_basis.is_some() {
                path.key("base_legal")
            } else {
                path.key("finalidades")
            };
            if matches!(
                basis.nature,
                BasisNature::LegitimateInterest | BasisNature::CreditProtection
            ) {
                sink.push(
                    &r::SENSITIVE_LEGITIMATE_INTEREST,
                    Some(basis_path),
                    format!(
                        "o campo \"{}\" é dado sensível e se apoia em \"{}\" ({}), que o art. 11 não admite para dados sensíveis; use uma hipótese do art. 11",
                        field.id, basis.name, basis.source
                    ),
                );
            } else if basis.article != BasisArticle::Art11 {
                sink.push(
                    &r::SENSITIVE_NOT_ART11,
                    Some(basis_path),
                    format!(
                        "o campo \"{}\" é dado sensível ({}) e sua base legal \"{}\" não é do art. 11; escolha uma hipótese do art. 11 (ex.: art11-ii-a, obrigação legal)",
                        field.id,
                        ctx.catalogs
                            .category_of_field(field)
                            .map_or("categoria sensível", |c| c.name.as_str()),
                        basis_id
                    ),
                );
            }
        }
    }
}

/// Words that mark a marketing or advertising purpose.
const ADVERTISING: &[&str] = &["marketing", "publicidade", "propaganda", "publicitari"];

/// A public body processes for its legal attributions and public policies
/// (LGPD art. 23): legitimate interest is exceptional, advertising is not one.
fn public_body(
    ctx: &CheckContext,
    purpose: &crate::model::Purpose,
    path: FieldPath,
    sink: &mut Sink,
) {
    if let Some(basis) = purpose
        .legal_basis
        .as_ref()
        .and_then(|b| ctx.catalogs.basis(b))
        && basis.nature == BasisNature::LegitimateInterest
    {
        sink.push(
            &r::LEGITIMATE_INTEREST_PUBLIC_BODY,
            Some(path.key("base_legal")),
            format!(
                "a finalidade \"{}\" se apoia em interesse legítimo (art. 7º, IX); um órgão público trata dados para cumprir suas atribuições legais e executar políticas públicas (art. 23): prefira a base do art. 7º, II ou III, ou registre por que o interesse legítimo cabe aqui",
                purpose.description
            ),
        );
    }
    let words = crate::text::fold(&purpose.description);
    if ADVERTISING.iter().any(|w| words.contains(w)) {
        sink.push(
            &r::ADVERTISING_PURPOSE,
            Some(path.key("descricao")),
            format!(
                "a finalidade \"{}\" parece de marketing ou publicidade, fora das atribuições de um órgão público (LGPD art. 23); diga a atribuição legal que ela cumpre",
                purpose.description
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::model::*;
    use crate::rules::test_support::*;

    #[test]
    fn a_public_body_on_legitimate_interest_or_advertising_is_warned() {
        let mut p = complete_process();
        assert_not_fires(&p, "interesse-legitimo-orgao-publico");
        assert_not_fires(&p, "finalidade-publicitaria");
        p.purposes[0].legal_basis = Some(LegalBasisId::from("art7-ix"));
        let found = messages(&p, "interesse-legitimo-orgao-publico");
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("art. 23"), "{found:?}");
        p.purposes[0].description = "Enviar Publicidade de cursos pagos".into();
        assert_fires(&p, "finalidade-publicitaria");
    }

    #[test]
    fn purpose_needs_basis_and_provision() {
        let mut p = complete_process();
        p.purposes[0].legal_basis = None;
        p.purposes[0].legal_provision = None;
        assert_fires(&p, "finalidade-sem-base-legal");
        assert_fires(&p, "finalidade-sem-previsao-legal");
        p.purposes.clear();
        assert_fires(&p, "sem-finalidade");
    }

    #[test]
    fn field_inherits_basis_from_its_purpose() {
        let mut p = complete_process();
        p.fields[0].legal_basis = None;
        assert_not_fires(&p, "campo-sem-base-legal");
        p.purposes[0].legal_basis = None;
        assert_fires(&p, "campo-sem-base-legal");
    }

    #[test]
    fn sensitive_field_needs_article_11() {
        let mut p = complete_process();
        p.fields.push(field("saude", "dados-saude", "art7-ii"));
        assert_fires(&p, "sensivel-sem-base-art11");
        let found = messages(&p, "sensivel-sem-base-art11");
        assert!(
            found[0].starts_with("campos[saude].base_legal"),
            "{found:?}"
        );
        p.fields[2].legal_basis = Some(LegalBasisId::from("art11-ii-a"));
        assert_not_fires(&p, "sensivel-sem-base-art11");
    }

    #[test]
    fn category_override_makes_a_field_sensitive() {
        let mut p = complete_process();
        p.fields[0].category = Some(CategoryId::from("8.1"));
        assert_fires(&p, "sensivel-sem-base-art11");
    }

    #[test]
    fn sensitive_field_on_legitimate_interest_is_its_own_error() {
        let mut p = complete_process();
        p.fields
            .push(field("etnia", "dados-etnico-raciais", "art7-ix"));
        assert_fires(&p, "sensivel-interesse-legitimo");
        assert_not_fires(&p, "sensivel-sem-base-art11");
        p.fields[2].legal_basis = Some(LegalBasisId::from("art7-x"));
        assert_fires(&p, "sensivel-interesse-legitimo");
    }
}
