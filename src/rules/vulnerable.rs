//! Rules on titulares the law protects apart: children (under 12) and
//! adolescents (12–18) (LGPD art. 14; ECA art. 2) and the elderly (Res. CD/ANPD
//! 2/2022 art. 4 II d). Every process answers for each group; children's and
//! adolescents' data rests on an art. 7 or 11 basis with a recorded assessment of
//! their best interest (Enunciado CD/ANPD 1/2023); a parent's specific consent is
//! asked where LGPD art. 14 §1 (children, on consent) or the institution's own
//! rule (UFDPar art. 24: children and adolescents, any basis) asks it; data
//! collected only to reach a parent (art. 14 §3) is never kept.

use super::registry as r;
use super::{CheckContext, FieldPath, Sink, is_blank, named_basis_entries};
use crate::catalog::BasisNature;
use crate::model::{Answer, Phase, Process, VulnerableGroup, group_labels};

/// The groups every process answers for (SGD section 10; Res. 2/2022 art. 4 II d).
const ASKED: [VulnerableGroup; 3] = [
    VulnerableGroup::Children,
    VulnerableGroup::Adolescents,
    VulnerableGroup::Elderly,
];

pub(crate) fn check(ctx: &CheckContext, p: &Process, sink: &mut Sink) {
    unanswered(p, sink);
    joint_answer_not_split(p, sink);
    groups_not_marked(ctx, p, sink);
    best_interest_as_basis(ctx, p, sink);
    let minors = p.minors();
    if !minors.is_empty() && is_blank(p.best_interest.as_deref()) {
        sink.push(
            &r::BEST_INTEREST_MISSING,
            Some(FieldPath::root("melhor_interesse")),
            format!(
                "o processo trata dados de {}: registre em melhor_interesse como o tratamento atende ao melhor interesse deles (LGPD art. 14; Enunciado CD/ANPD 1/2023)",
                group_labels(&minors)
            ),
        );
    }
    parental_consent(ctx, p, &minors, sink);
    parent_contact_stored(ctx, p, sink);
}

fn unanswered(p: &Process, sink: &mut Sink) {
    let missing: Vec<VulnerableGroup> = ASKED
        .into_iter()
        .filter(|g| p.answer_for(*g).is_none())
        .collect();
    let Some(first) = missing.first() else {
        return;
    };
    let keys: Vec<&str> = missing.iter().map(|g| g.key()).collect();
    sink.push(
        &r::GROUPS_UNANSWERED,
        Some(FieldPath::root(first.key())),
        format!(
            "responda Sim ou Nao: o processo trata dados de {}? ({})",
            group_labels(&missing),
            keys.join(", ")
        ),
    );
}

/// The older single answer, `Sim`, not yet split into its two groups.
fn joint_answer_not_split(p: &Process, sink: &mut Sink) {
    if !Answer::is_yes(p.children_or_adolescents)
        || (p.children.is_some() && p.adolescents.is_some())
    {
        return;
    }
    sink.push(
        &r::MINORS_NOT_SPLIT,
        Some(FieldPath::root("criancas_adolescentes")),
        "o arquivo responde crianças e adolescentes juntos (criancas_adolescentes: Sim): responda criancas (menores de 12 anos) e adolescentes (12 a 18) separadamente, porque o consentimento dos pais do art. 14 §1º vale para crianças; até lá, as regras valem para os dois grupos".to_owned(),
    );
}

/// A category of titulares of a protected group, with the group's answer not
/// `Sim`.
fn groups_not_marked(ctx: &CheckContext, p: &Process, sink: &mut Sink) {
    for subject in &p.subjects {
        let Some(entry) = ctx.catalogs.subject_groups.get(subject.group.as_str()) else {
            continue;
        };
        let Some(group) = entry.vulnerable else {
            continue;
        };
        if Answer::is_yes(p.answer_for(group)) {
            continue;
        }
        sink.push(
            &r::GROUP_NOT_MARKED,
            Some(FieldPath::root("titulares").item(subject.group.as_str())),
            format!(
                "a categoria de titulares \"{}\" é de {}, mas {} não está marcado Sim",
                entry.name,
                group.label(),
                group.key()
            ),
        );
    }
}

/// `art14-melhor-interesse` (or any basis of that nature) named as a basis.
fn best_interest_as_basis(ctx: &CheckContext, p: &Process, sink: &mut Sink) {
    let is_best_interest = |id: Option<&crate::model::LegalBasisId>| {
        id.and_then(|id| ctx.catalogs.basis(id))
            .is_some_and(|b| b.nature == BasisNature::BestInterest)
    };
    let mut places: Vec<FieldPath> = Vec::new();
    for purpose in &p.purposes {
        if is_best_interest(purpose.legal_basis.as_ref()) {
            places.push(
                FieldPath::root("finalidades")
                    .item(purpose.id.as_str())
                    .key("base_legal"),
            );
        }
    }
    for field in &p.fields {
        if is_best_interest(field.legal_basis.as_ref()) {
            places.push(
                FieldPath::root("campos")
                    .item(field.id.as_str())
                    .key("base_legal"),
            );
        }
    }
    let Some(first) = places.first() else {
        return;
    };
    let all: Vec<String> = places.iter().map(FieldPath::render).collect();
    sink.push(
        &r::BEST_INTEREST_AS_BASIS,
        Some(*first),
        format!(
            "o melhor interesse não é base legal: dados de crianças e adolescentes podem se apoiar em qualquer base do art. 7º ou 11, sempre no seu melhor interesse (Enunciado CD/ANPD 1/2023); indique a base e registre a avaliação em melhor_interesse (em: {})",
            all.join(", ")
        ),
    );
}

/// LGPD art. 14 §1 (children, when consent is the basis) and the institution's
/// stricter rule (`politica.consentimento_responsavel`), as one finding.
fn parental_consent(ctx: &CheckContext, p: &Process, minors: &[VulnerableGroup], sink: &mut Sink) {
    if minors.is_empty() {
        return;
    }
    let bases: Vec<_> = named_basis_entries(ctx, p).collect();
    let recorded = p
        .consent
        .as_ref()
        .is_some_and(|c| Answer::is_yes(c.parental_consent))
        || bases.iter().any(|b| {
            b.nature == BasisNature::Consent && b.article == crate::catalog::BasisArticle::Art14
        });
    if recorded {
        return;
    }
    let on_consent = bases.iter().any(|b| b.nature == BasisNature::Consent);
    let by_law = on_consent && minors.contains(&VulnerableGroup::Children);
    let rule = ctx.institution.policy.parental_consent.as_ref();
    let by_institution: Vec<VulnerableGroup> = minors
        .iter()
        .copied()
        .filter(|g| rule.is_some_and(|r| r.covers(*g)))
        .collect();
    let path = Some(FieldPath::root("consentimento").key("consentimento_responsavel"));
    let ask = "registre-o em consentimento.consentimento_responsavel";
    match rule.filter(|_| !by_institution.is_empty()) {
        Some(rule) => sink.push(
            &r::PARENTAL_CONSENT_MISSING,
            path,
            format!(
                "a política da instituição ({}) exige o consentimento específico de ao menos um dos pais ou do responsável legal para dados de {}, qualquer que seja a base legal{}; {ask}",
                rule.source,
                group_labels(&by_institution),
                if by_law {
                    " (e a LGPD, art. 14 §1º, também o exige para crianças quando a base é o consentimento)"
                } else {
                    ""
                }
            ),
        ),
        None if by_law => sink.push(
            &r::PARENTAL_CONSENT_MISSING,
            path,
            format!(
                "o processo trata dados de crianças com base no consentimento: ele deve ser específico e em destaque, dado por ao menos um dos pais ou pelo responsável legal (LGPD art. 14 §1º); {ask}"
            ),
        ),
        None => {}
    }
}

/// Fields collected on art. 14 §3 (to reach a parent, once, without storage)
/// that the process keeps.
fn parent_contact_stored(ctx: &CheckContext, p: &Process, sink: &mut Sink) {
    let kept: Vec<&str> = p
        .fields
        .iter()
        .filter(|field| {
            p.bases_of(field).into_iter().any(|id| {
                ctx.catalogs
                    .basis(id)
                    .is_some_and(|b| b.nature == BasisNature::ParentContact)
            })
        })
        .filter(|field| {
            field.storage.is_some()
                || field.retention.is_some()
                || field.operations.iter().any(|op| {
                    ctx.catalogs
                        .operations
                        .get(op.as_str())
                        .is_some_and(|o| o.phase == Some(Phase::Retention))
                })
        })
        .map(|field| field.id.as_str())
        .collect();
    let Some(first) = kept.first() else {
        return;
    };
    let (noun, verb) = if kept.len() == 1 {
        ("o campo", "é")
    } else {
        ("os campos", "são")
    };
    sink.push(
        &r::PARENT_CONTACT_STORED,
        Some(FieldPath::root("campos").item(first)),
        format!(
            "sem consentimento, dados de crianças só podem ser coletados para contatar os pais ou o responsável, uma única vez e sem armazenamento (LGPD art. 14 §3º); {noun} {} {verb} guardado (armazenamento, arquivamento, meio de armazenamento ou retenção própria): use outra base legal ou elimine após o contato",
            kept.join(", ")
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::model::*;
    use crate::rules::test_support::*;

    fn with_minors(children: Answer, adolescents: Answer) -> Process {
        let mut p = complete_process();
        p.children = Some(children);
        p.adolescents = Some(adolescents);
        p.best_interest = Some("Garante o acesso à política de assistência estudantil.".into());
        p
    }

    fn ufdpar() -> Institution {
        let mut inst = institution();
        inst.policy.parental_consent = Some(ParentalConsentRule {
            scope: MinorsInScope::ChildrenAndAdolescents,
            source: "UFDPar art. 24".into(),
        });
        inst
    }

    #[test]
    fn every_group_is_answered_and_the_finding_names_the_missing_ones() {
        let mut p = complete_process();
        assert_not_fires(&p, "vulneraveis-nao-informado");
        p.elderly = None;
        p.adolescents = None;
        let message = messages(&p, "vulneraveis-nao-informado").join("");
        assert!(message.contains("adolescentes e idosos"), "{message}");
        assert!(!message.contains("crianças"), "{message}");
    }

    #[test]
    fn the_older_joint_answer_counts_for_both_groups_until_split() {
        let mut p = complete_process();
        p.children = None;
        p.adolescents = None;
        p.children_or_adolescents = Some(Answer::No);
        assert_clean(&p);
        p.children_or_adolescents = Some(Answer::Yes);
        assert_eq!(
            p.minors(),
            vec![VulnerableGroup::Children, VulnerableGroup::Adolescents]
        );
        assert_fires(&p, "criancas-adolescentes-separar");
        p.children = Some(Answer::No);
        p.adolescents = Some(Answer::Yes);
        assert_not_fires(&p, "criancas-adolescentes-separar");
        assert_eq!(p.minors(), vec![VulnerableGroup::Adolescents]);
    }

    #[test]
    fn minors_need_a_recorded_best_interest_assessment() {
        let mut p = with_minors(Answer::No, Answer::Yes);
        assert_not_fires(&p, "melhor-interesse-nao-avaliado");
        p.best_interest = Some("  ".into());
        let message = messages(&p, "melhor-interesse-nao-avaliado").join("");
        assert!(message.contains("dados de adolescentes:"), "{message}");
        p.adolescents = Some(Answer::No);
        assert_not_fires(&p, "melhor-interesse-nao-avaliado");
    }

    #[test]
    fn best_interest_is_not_a_legal_basis() {
        let mut p = with_minors(Answer::Yes, Answer::No);
        p.purposes[0].legal_basis = Some(LegalBasisId::from("art14-melhor-interesse"));
        p.fields[0].legal_basis = Some(LegalBasisId::from("art14-melhor-interesse"));
        let found = messages(&p, "melhor-interesse-como-base-legal");
        assert_eq!(found.len(), 1, "one cause, one finding: {found:?}");
        assert!(found[0].contains("campos[nome].base_legal"), "{}", found[0]);
    }

    #[test]
    fn parental_consent_on_consent_for_children_only_by_default() {
        let mut p = with_minors(Answer::Yes, Answer::Yes);
        assert_not_fires(&p, "consentimento-responsavel-ausente");
        p.fields[0].legal_basis = Some(LegalBasisId::from("art7-i"));
        let message = messages(&p, "consentimento-responsavel-ausente").join("");
        assert!(message.contains("art. 14 §1º"), "{message}");
        p.consent = Some(Consent {
            parental_consent: Some(Answer::Yes),
            ..Consent::default()
        });
        assert_not_fires(&p, "consentimento-responsavel-ausente");
        // Adolescents on consent: LGPD art. 14 §1 does not reach them.
        let mut p = with_minors(Answer::No, Answer::Yes);
        p.fields[0].legal_basis = Some(LegalBasisId::from("art7-i"));
        assert_not_fires(&p, "consentimento-responsavel-ausente");
        // The art. 14 §1 basis is itself the parent's consent.
        let mut p = with_minors(Answer::Yes, Answer::No);
        p.fields[0].legal_basis = Some(LegalBasisId::from("art14-consentimento-responsavel"));
        assert_not_fires(&p, "consentimento-responsavel-ausente");
    }

    #[test]
    fn the_institution_can_ask_parental_consent_on_any_basis() {
        let p = with_minors(Answer::No, Answer::Yes);
        let fired = |inst: &Institution| {
            check(inst, &p, p.id.as_str())
                .into_iter()
                .filter(|f| f.rule == "consentimento-responsavel-ausente")
                .map(|f| f.message)
                .collect::<Vec<_>>()
        };
        assert!(fired(&institution()).is_empty());
        let found = fired(&ufdpar());
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("(UFDPar art. 24)"), "{}", found[0]);
        assert!(found[0].contains("dados de adolescentes"), "{}", found[0]);
        let mut children_only = ufdpar();
        if let Some(rule) = children_only.policy.parental_consent.as_mut() {
            rule.scope = MinorsInScope::Children;
        }
        assert!(fired(&children_only).is_empty());
    }

    #[test]
    fn contacting_parents_does_not_allow_keeping_the_data() {
        let mut p = with_minors(Answer::Yes, Answer::No);
        p.fields[0].legal_basis = Some(LegalBasisId::from("art14-contato-responsavel"));
        p.fields[0].operations = vec![OperationId::from("coleta"), OperationId::from("utilizacao")];
        p.fields[0].storage = None;
        p.fields[0].retention = None;
        assert_not_fires(&p, "art14-contato-armazenado");
        p.fields[0]
            .operations
            .push(OperationId::from("armazenamento"));
        let message = messages(&p, "art14-contato-armazenado").join("");
        assert!(message.contains("o campo nome é guardado"), "{message}");
        // Nor does it stand for the parent's consent.
        p.fields[1].legal_basis = Some(LegalBasisId::from("art7-i"));
        assert_fires(&p, "consentimento-responsavel-ausente");
    }

    #[test]
    fn a_protected_category_of_titulares_needs_its_group_marked() {
        let mut p = complete_process();
        p.subjects.push(SubjectGroup {
            group: SubjectGroupId::from("idosos"),
            description: None,
        });
        let message = messages(&p, "grupo-vulneravel-nao-marcado").join("");
        assert!(message.contains("é de idosos, mas idosos"), "{message}");
        p.elderly = Some(Answer::Yes);
        assert_not_fires(&p, "grupo-vulneravel-nao-marcado");
    }
}
