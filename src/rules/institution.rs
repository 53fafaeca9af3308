//! Rules on `inventario.ron`: the encarregado's public contact (LGPD art. 41 §1),
//! the controller's identification (SGD section 2), the channel where titulares
//! exercise their rights (LGPD art. 18), and a RIPD trigger set.

use super::registry as r;
use super::{FieldPath, Finding, Location, is_blank as blank};
use crate::model::Institution;

pub const INSTITUTION_FILE: &str = "inventario.ron";

fn finding(rule: &r::Rule, path: &str, message: &str) -> Finding {
    Finding::new(
        rule,
        Location {
            field: Some(FieldPath::root(path).render()),
            ..Location::file(INSTITUTION_FILE)
        },
        message,
    )
}

pub(crate) fn check(inst: &Institution) -> Vec<Finding> {
    let mut findings = Vec::new();
    if inst.dpo.name.trim().is_empty() || blank(inst.dpo.email.as_deref()) {
        findings.push(finding(
            &r::DPO_CONTACT,
            "encarregado",
            "informe o nome e o e-mail do encarregado: o contato dele deve ser público",
        ));
    }
    let c = &inst.controller;
    if blank(c.cnpj.as_deref()) || blank(c.address.as_deref()) || blank(c.email.as_deref()) {
        findings.push(finding(
            &r::CONTROLLER_INCOMPLETE,
            "controlador",
            "complete o controlador: CNPJ, endereço e e-mail",
        ));
    }
    if blank(inst.rights_channel.as_deref()) {
        findings.push(finding(
            &r::NO_RIGHTS_CHANNEL,
            "canal_titular",
            "informe onde os titulares exercem seus direitos (o sítio, o Fala.BR, a ouvidoria): a página pública e o relatório ao titular o mostram",
        ));
    }
    if inst.policy.ripd_triggers.is_empty() {
        findings.push(finding(
            &r::NO_TRIGGER_SET,
            "politica.gatilhos_ripd",
            "escolha ao menos um conjunto de gatilhos de RIPD (UfdparArt39, AnpdRes2de2022)",
        ));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::institution;

    #[test]
    fn dpo_without_email_is_an_error() {
        let mut inst = institution();
        let ids = |i: &Institution| {
            let findings = check(i);
            let tree = crate::semantic::to_tree(i);
            for f in &findings {
                let path = f.location.field.as_deref().unwrap_or_default();
                // Each path leads to a row of the institution's screen.
                crate::keys::locate(crate::keys::INSTITUTION, &tree, path).unwrap();
            }
            findings.iter().map(|f| f.rule).collect::<Vec<_>>()
        };
        assert!(!ids(&inst).contains(&"encarregado-sem-contato"));
        inst.dpo.email = None;
        assert!(ids(&inst).contains(&"encarregado-sem-contato"));
        assert!(ids(&inst).contains(&"controlador-incompleto"));
        inst.policy.ripd_triggers.clear();
        assert!(ids(&inst).contains(&"politica-sem-gatilhos-ripd"));
        assert!(!ids(&inst).contains(&"canal-titular-ausente"));
        inst.rights_channel = None;
        assert!(ids(&inst).contains(&"canal-titular-ausente"));
    }
}
