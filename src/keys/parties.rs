//! The keys of who takes part in a process: its operators (with their legal
//! nature), joint controllers, the controller the institution operates for,
//! and the regime of LGPD art. 4 III.

use super::contact::{ADDRESS, CEP, EMAIL, NAME, PHONE};
use super::{Field, Kind, key};
use crate::model::choices::{LEGAL_NATURES, PHASES, SPECIAL_REGIMES};

/// An operator (LGPD art. 5º, VII): its name is published, its contacts are not.
pub(super) const OPERATOR: &[Field] = &[
    key("id", "id", Kind::Text).required(),
    NAME,
    ADDRESS.internal(),
    CEP.internal(),
    PHONE.internal(),
    EMAIL.internal(),
    key("fases", "fases", Kind::ChoiceList(PHASES))
        .public()
        .noun("fase")
        .row("3.1", "Em qual fase do ciclo de vida o Operador atua"),
    key("natureza", "natureza jurídica", Kind::Choice(LEGAL_NATURES))
        .public()
        .note("`OrgaoPublico`, `EmpresaPublica`, `SociedadeEconomiaMista`, `Privada` ou `Estrangeira` (uma estrangeira recebe dados no exterior: LGPD art. 33)"),
];

pub(super) const JOINT_CONTROLLER: &[Field] = &[
    key("nome", "nome", Kind::Text).required().public(),
    key("papel", "papel", Kind::Text)
        .public()
        .note("o que ele decide ou faz no processo"),
];

pub(super) const OPERATOR_FOR: &[Field] = &[
    key("controlador", "controlador", Kind::Text)
        .required()
        .public()
        .note("o controlador para quem a instituição trata os dados (ex. INEP, no ENEM)"),
    key("instrumento", "instrumento", Kind::Text)
        .public()
        .note("contrato, acordo ou ato que define as instruções"),
];

pub(super) const OUTSIDE_GENERAL_RULES: &[Field] = &[
    key("hipotese", "hipótese", Kind::Choice(SPECIAL_REGIMES))
        .required()
        .public()
        .note("`SegurancaPublica`, `DefesaNacional`, `SegurancaDoEstado` ou `InvestigacaoPenal` (LGPD art. 4º, III, a–d)"),
    key("lei", "lei", Kind::Text)
        .required()
        .public()
        .note("a lei específica que rege o tratamento (art. 4º §1º)"),
];
