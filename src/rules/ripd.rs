//! When a process needs a RIPD (DOMAIN.md §6): UFDPar art. 39 I–IX, and the high-risk
//! test of Res. CD/ANPD 2/2022 art. 4 (one general and one specific criterion). Says
//! *which* trigger fired *because of which* fields or declared facts.
//!
//! Art. 39 VII (recent changes of purposes or data flows) depends on the history of
//! the process and is not evaluated from a single revision.

use crate::catalog::BasisNature;
use crate::model::{Answer, DataField, ItemId, Process, TriggerSet, VulnerableGroup, group_labels};

use super::CheckContext;

/// One trigger that fired, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerHit {
    /// Id in `gatilhos-ripd.ron`, e.g. `art39-iii`.
    pub trigger: &'static str,
    /// Portuguese explanation of what made it fire.
    pub reason: String,
    /// The data fields behind it, when it comes from fields.
    pub fields: Vec<ItemId>,
}

/// The outcome for one process.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RipdAssessment {
    pub hits: Vec<TriggerHit>,
    /// Whether the triggers that fired make a RIPD mandatory under the
    /// institution's trigger sets.
    pub required: bool,
}

fn hit(trigger: &'static str, reason: impl Into<String>, fields: Vec<ItemId>) -> TriggerHit {
    TriggerHit {
        trigger,
        reason: reason.into(),
        fields,
    }
}

fn ids<'a>(fields: impl Iterator<Item = &'a DataField>) -> Vec<ItemId> {
    fields.map(|f| f.id.clone()).collect()
}

fn list(fields: &[ItemId]) -> String {
    fields
        .iter()
        .map(ItemId::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Facts derived from the process that several triggers share.
struct Derived {
    sensitive: Vec<ItemId>,
    damage: Vec<ItemId>,
    /// Government ids held with a birth date or filiation: together, what an
    /// identity fraud needs (part of `damage`).
    identity_kit: Vec<ItemId>,
    location: Vec<ItemId>,
    surveillance: Vec<ItemId>,
    biometric: Vec<ItemId>,
    legitimate_interest: bool,
    large_scale: bool,
}

fn derive(ctx: &CheckContext, p: &Process) -> Derived {
    let c = ctx.catalogs;
    let category_is = |f: &&DataField, pred: &dyn Fn(&str) -> bool| {
        c.category_of_field(f).is_some_and(|cat| pred(&cat.id))
    };
    // A CPF or an RG alone is in almost every process; with a birth date or
    // the parents' names it lets someone pass for the titular.
    let government_ids: Vec<ItemId> = ids(p
        .fields
        .iter()
        .filter(|f| category_is(f, &|id| id == "7.1.2")));
    let completing: Vec<ItemId> = ids(p
        .fields
        .iter()
        .filter(|f| matches!(f.kind.as_str(), "data-nascimento" | "filiacao")));
    let identity_kit = if government_ids.is_empty() || completing.is_empty() {
        Vec::new()
    } else {
        government_ids.into_iter().chain(completing).collect()
    };
    let mut damage = ids(p.fields.iter().filter(|f| c.is_damage_prone(f)));
    damage.extend(
        identity_kit
            .iter()
            .filter(|id| !damage.contains(id))
            .cloned()
            .collect::<Vec<_>>(),
    );
    Derived {
        identity_kit,
        sensitive: ids(p.fields.iter().filter(|f| c.is_sensitive_field(f))),
        damage,
        location: ids(p
            .fields
            .iter()
            .filter(|f| category_is(f, &|id| id == "7.1.4"))),
        surveillance: ids(p
            .fields
            .iter()
            .filter(|f| category_is(f, &|id| id == "7.14.2"))),
        biometric: ids(p
            .fields
            .iter()
            .filter(|f| category_is(f, &|id| id == "8.10"))),
        legitimate_interest: super::named_basis_entries(ctx, p)
            .any(|b| b.nature == BasisNature::LegitimateInterest),
        large_scale: p
            .subject_count
            .is_some_and(|n| n >= ctx.institution.policy.large_scale_threshold),
    }
}

/// Biometrics beside camera images or location data: what facial recognition
/// (new technology, UFDPar art. 39 I; Res. 2/2022 art. 4 II a) or tracking
/// (art. 39 II) look like in an inventory. While the owner has not declared
/// those facts, the sentence that asks them to, naming the fields.
pub fn suggested_facts(ctx: &CheckContext, p: &Process) -> Option<String> {
    let facts = &p.ripd_facts;
    if facts.new_technology.is_some() && facts.tracking_or_profiling.is_some() {
        return None;
    }
    let d = derive(ctx, p);
    let mut beside: Vec<ItemId> = d.surveillance.clone();
    beside.extend(d.location.iter().cloned());
    if d.biometric.is_empty() || beside.is_empty() {
        return None;
    }
    Some(format!(
        "o processo junta biometria ({}) com imagens de câmera ou localização ({}): isso costuma ser reconhecimento facial (tecnologia nova, art. 39, I) ou rastreamento (art. 39, II); declare nova_tecnologia e rastreamento_ou_perfil",
        list(&d.biometric),
        list(&beside)
    ))
}

fn declared(answer: Option<Answer>, key: &str) -> Option<String> {
    Answer::is_yes(answer).then(|| format!("declarado pelo dono do processo (fatos_ripd.{key})"))
}

fn ufdpar_art39(p: &Process, d: &Derived) -> Vec<TriggerHit> {
    let facts = &p.ripd_facts;
    let mut hits = Vec::new();
    if let Some(reason) = declared(facts.new_technology, "nova_tecnologia") {
        hits.push(hit("art39-i", reason, vec![]));
    }
    if let Some(reason) = declared(facts.tracking_or_profiling, "rastreamento_ou_perfil") {
        hits.push(hit("art39-ii", reason, vec![]));
    } else if !d.location.is_empty() {
        hits.push(hit(
            "art39-ii",
            format!("campos de localização: {}", list(&d.location)),
            d.location.clone(),
        ));
    }
    if !d.sensitive.is_empty() {
        hits.push(hit(
            "art39-iii",
            format!("dados sensíveis: {}", list(&d.sensitive)),
            d.sensitive.clone(),
        ));
    }
    if let Some(reason) = declared(facts.automated_decisions, "decisoes_automatizadas") {
        hits.push(hit("art39-iv", reason, vec![]));
    }
    let minors = p.minors();
    if !minors.is_empty() {
        let keys: Vec<&str> = minors.iter().map(|g| g.key()).collect();
        hits.push(hit(
            "art39-v",
            format!(
                "o processo trata dados de {} ({})",
                group_labels(&minors),
                keys.join(", ")
            ),
            vec![],
        ));
    }
    if !d.damage.is_empty() {
        let why = "documento do governo com data de nascimento ou filiação, o que basta para uma fraude de identidade";
        let kit = if d.identity_kit.is_empty() {
            String::new()
        } else if d.identity_kit.len() == d.damage.len() {
            format!(" ({why})")
        } else {
            format!(" ({}: {why})", list(&d.identity_kit))
        };
        hits.push(hit(
            "art39-vi",
            format!(
                "dados cujo vazamento pode causar dano patrimonial ou moral: {}{kit}",
                list(&d.damage)
            ),
            d.damage.clone(),
        ));
    }
    // The head count alone is not art. 39 VI (damage on a leak comes from what the
    // data is); large scale is the ANPD's general criterion, below.
    if d.legitimate_interest {
        hits.push(hit(
            "art39-viii",
            "uma finalidade ou campo se apoia no interesse legítimo (art. 7º, IX)",
            vec![],
        ));
    }
    if let Some(reason) = declared(facts.administrative_reform, "reforma_administrativa") {
        hits.push(hit("art39-ix", reason, vec![]));
    }
    hits
}

/// Res. CD/ANPD 2/2022 art. 4: the general and the specific criteria that hold.
fn anpd(ctx: &CheckContext, p: &Process, d: &Derived) -> (Vec<TriggerHit>, bool) {
    let facts = &p.ripd_facts;
    let mut general = Vec::new();
    let mut specific = Vec::new();
    if d.large_scale {
        general.push(hit(
            "anpd-geral-larga-escala",
            format!(
                "quantidade_titulares ≥ {} (limiar da instituição)",
                ctx.institution.policy.large_scale_threshold
            ),
            vec![],
        ));
    }
    let mut rights: Vec<ItemId> = d.sensitive.clone();
    rights.extend(
        d.damage
            .iter()
            .filter(|id| !d.sensitive.contains(id))
            .cloned(),
    );
    if !rights.is_empty() {
        general.push(hit(
            "anpd-geral-afeta-direitos",
            format!(
                "dados que podem afetar significativamente direitos: {}",
                list(&rights)
            ),
            rights,
        ));
    }
    if let Some(reason) = declared(facts.new_technology, "nova_tecnologia") {
        specific.push(hit("anpd-especifico-tecnologia", reason, vec![]));
    }
    if let Some(reason) = declared(facts.public_area_surveillance, "vigilancia_area_publica") {
        specific.push(hit("anpd-especifico-vigilancia", reason, vec![]));
    } else if !d.surveillance.is_empty() {
        specific.push(hit(
            "anpd-especifico-vigilancia",
            format!("imagens de vigilância: {}", list(&d.surveillance)),
            d.surveillance.clone(),
        ));
    }
    if let Some(reason) = declared(facts.automated_decisions, "decisoes_automatizadas") {
        specific.push(hit("anpd-especifico-decisao-automatizada", reason, vec![]));
    }
    // Art. 4 II d names children, adolescents and the elderly, not every
    // vulnerable group.
    let groups: Vec<VulnerableGroup> = p
        .vulnerable_groups()
        .into_iter()
        .filter(|g| *g != VulnerableGroup::Other)
        .collect();
    if !d.sensitive.is_empty() || !groups.is_empty() {
        let mut reasons = Vec::new();
        if !d.sensitive.is_empty() {
            reasons.push(format!("dados sensíveis: {}", list(&d.sensitive)));
        }
        if !groups.is_empty() {
            reasons.push(format!("dados de {}", group_labels(&groups)));
        }
        let reason = reasons.join("; ");
        specific.push(hit(
            "anpd-especifico-vulneraveis",
            reason,
            d.sensitive.clone(),
        ));
    }
    let required = !general.is_empty() && !specific.is_empty();
    general.extend(specific);
    (general, required)
}

/// Which triggers fire for a process under the institution's trigger sets. Where
/// the institution is only another controller's operator (`operador_para`), the
/// RIPD is that controller's to write (LGPD art. 38): the triggers are still
/// told, but none makes it required here.
pub fn assess(ctx: &CheckContext, p: &Process) -> RipdAssessment {
    let derived = derive(ctx, p);
    let mut assessment = RipdAssessment::default();
    for set in &ctx.institution.policy.ripd_triggers {
        match set {
            TriggerSet::UfdparArt39 => {
                let hits = ufdpar_art39(p, &derived);
                assessment.required |= !hits.is_empty();
                assessment.hits.extend(hits);
            }
            TriggerSet::AnpdRes2of2022 => {
                let (hits, required) = anpd(ctx, p, &derived);
                assessment.required |= required;
                assessment.hits.extend(hits);
            }
        }
    }
    assessment.required &= p.operator_for.is_none();
    assessment
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::rules::test_support::*;

    fn assess_with(inst: &Institution, p: &Process) -> RipdAssessment {
        let ctx = CheckContext {
            catalogs: catalogs(),
            institution: inst,
            today: today(),
            ripds: &[],
        };
        assess(&ctx, p)
    }

    fn fired(a: &RipdAssessment) -> Vec<&'static str> {
        a.hits.iter().map(|h| h.trigger).collect()
    }

    #[test]
    fn an_operator_is_told_the_triggers_but_the_ripd_is_the_controllers() {
        let mut p = complete_process();
        p.fields.push(field("laudo", "dados-saude", "art11-ii-a"));
        assert!(assess_with(&institution(), &p).required);
        p.operator_for = Some(OperatorFor {
            controller: "INEP".into(),
            instrument: None,
        });
        let a = assess_with(&institution(), &p);
        assert!(!a.required, "{a:?}");
        assert!(fired(&a).contains(&"art39-iii"));
    }

    #[test]
    fn plain_process_needs_no_ripd() {
        let a = assess_with(&institution(), &complete_process());
        assert!(!a.required, "{a:?}");
        assert!(a.hits.is_empty());
    }

    #[test]
    fn sensitive_field_fires_iii_naming_the_field() {
        let mut p = complete_process();
        p.fields.push(field("laudo", "dados-saude", "art11-ii-a"));
        let a = assess_with(&institution(), &p);
        assert!(a.required);
        let iii = a.hits.iter().find(|h| h.trigger == "art39-iii").unwrap();
        assert_eq!(iii.fields, vec![id("laudo")]);
        assert!(iii.reason.contains("laudo"));
        assert!(
            fired(&a).contains(&"art39-vi"),
            "health data is also damage-prone"
        );
    }

    #[test]
    fn declared_facts_children_and_legitimate_interest_fire() {
        let mut p = complete_process();
        p.ripd_facts.new_technology = Some(Answer::Yes);
        p.ripd_facts.automated_decisions = Some(Answer::Yes);
        p.ripd_facts.administrative_reform = Some(Answer::Yes);
        p.ripd_facts.tracking_or_profiling = Some(Answer::Yes);
        p.children = Some(Answer::Yes);
        p.fields[0].legal_basis = Some(LegalBasisId::from("art7-ix"));
        let a = assess_with(&institution(), &p);
        assert_eq!(
            fired(&a),
            vec![
                "art39-i",
                "art39-ii",
                "art39-iv",
                "art39-v",
                "art39-viii",
                "art39-ix"
            ]
        );
    }

    #[test]
    fn a_large_volume_alone_is_not_art_39_vi_damage_prone_data_is() {
        let mut p = complete_process();
        p.subject_count = Some(50_000);
        assert!(fired(&assess_with(&institution(), &p)).is_empty());
        // Location: tracking (II) and damage on a leak (VI).
        p.fields.push(field("gps", "geolocalizacao", "art7-iii"));
        let a = assess_with(&institution(), &p);
        assert_eq!(fired(&a), vec!["art39-ii", "art39-vi"]);
        // Authentication: the field kind is damage-prone though its category
        // (7.1.3, with IPs and cookies) is not.
        let mut p = complete_process();
        p.fields
            .push(field("senha", "credenciais-acesso", "art7-iii"));
        let vi: Vec<TriggerHit> = assess_with(&institution(), &p)
            .hits
            .into_iter()
            .filter(|h| h.trigger == "art39-vi")
            .collect();
        assert_eq!(vi.len(), 1);
        assert_eq!(vi[0].fields, vec![id("senha")]);
        let mut p = complete_process();
        p.fields
            .push(field("ip", "informacoes-tecnicas", "art7-iii"));
        assert!(fired(&assess_with(&institution(), &p)).is_empty());
    }

    #[test]
    fn anpd_needs_one_general_and_one_specific_criterion() {
        let mut inst = institution();
        inst.policy.ripd_triggers = vec![TriggerSet::AnpdRes2of2022];
        let mut p = complete_process();
        p.subject_count = Some(50_000);
        let a = assess_with(&inst, &p);
        assert_eq!(fired(&a), vec!["anpd-geral-larga-escala"]);
        assert!(!a.required, "a general criterion alone is not high risk");
        p.fields.push(field("cftv", "imagem-cftv", "art7-iii"));
        let a = assess_with(&inst, &p);
        assert!(a.required);
        assert!(fired(&a).contains(&"anpd-especifico-vigilancia"));
    }
}
