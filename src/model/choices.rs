//! The closed lists of the model's enums as the user reads them: each variant's
//! on-disk name (serde's) beside its Portuguese label. The editor offers them,
//! and diffs, commit messages and reviews show the label instead of the on-disk
//! name (`Publico` is "público", `NaoSeAplica` is "não se aplica").

pub const PHASES: &[(&str, &str)] = &[
    ("Coleta", "coleta"),
    ("Retencao", "retenção"),
    ("Processamento", "processamento"),
    ("Compartilhamento", "compartilhamento"),
    ("Eliminacao", "eliminação"),
];
pub const REACH: &[(&str, &str)] = &[
    ("Nacional", "nacional"),
    ("Estadual", "estadual"),
    ("Distrital", "distrital"),
    ("Municipal", "municipal"),
    ("Regional", "regional"),
];
pub const RECIPIENT: &[(&str, &str)] = &[("Publico", "público"), ("Privado", "privado")];
pub const STORAGE: &[(&str, &str)] = &[
    ("Papel", "papel"),
    ("DocumentoEletronico", "documento eletrônico"),
    ("Sistema", "sistema"),
];
pub const DESTINATION: &[(&str, &str)] = &[
    ("Eliminacao", "eliminação"),
    ("GuardaPermanente", "guarda permanente"),
];
pub const END_CAUSES: &[(&str, &str)] = &[
    ("FinalidadeAlcancada", "finalidade alcançada (art. 37, I)"),
    ("FimDoPeriodo", "fim do período (art. 37, II)"),
    (
        "RevogacaoOuPedido",
        "revogação ou pedido do titular (art. 37, III)",
    ),
    (
        "SancaoOuDecisaoJudicial",
        "sanção ou decisão judicial (art. 37, IV)",
    ),
];
pub const KEEP_EXCEPTIONS: &[(&str, &str)] = &[
    ("ObrigacaoLegal", "obrigação legal (art. 37 §1º, I)"),
    ("Pesquisa", "pesquisa (art. 37 §1º, II)"),
    (
        "UsoExclusivoAnonimizado",
        "uso exclusivo anonimizado (art. 37 §1º, III)",
    ),
];
pub const TRIGGER_SETS: &[(&str, &str)] = &[
    ("UfdparArt39", "UFDPar art. 39"),
    ("AnpdRes2de2022", "Res. CD/ANPD 2/2022"),
];

/// `Sim`/`Nao` answers.
pub const ANSWERS: &[(&str, &str)] = &[("Sim", "sim"), ("Nao", "não")];
/// The states of a section (`Section`): not filled, does not apply, a list.
pub const SECTION_STATES: &[(&str, &str)] = &[
    ("NaoPreenchido", "não preenchido"),
    ("NaoSeAplica", "não se aplica"),
    ("Lista", "lista"),
];
/// Variants that wrap a value: `Anos(5)` is "5 anos".
pub const PERIOD_UNITS: &[(&str, &str)] = &[("Anos", "anos"), ("Evento", "até")];

/// Every closed list, for `label_of`.
const ALL: &[&[(&str, &str)]] = &[
    PHASES,
    REACH,
    RECIPIENT,
    STORAGE,
    DESTINATION,
    END_CAUSES,
    KEEP_EXCEPTIONS,
    TRIGGER_SETS,
    ANSWERS,
    SECTION_STATES,
];

/// The Portuguese label of an on-disk variant name, if it is one.
pub fn label_of(variant: &str) -> Option<&'static str> {
    ALL.iter()
        .flat_map(|table| table.iter())
        .find(|(name, _)| *name == variant)
        .map(|(_, label)| *label)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every on-disk name in the tables is one serde really writes.
    #[test]
    fn the_tables_name_the_variants_serde_writes() {
        use crate::model::{Answer, FinalDestination, RecipientKind, StorageMedium};
        let on_disk = |value: &dyn erased::Ron| value.text();
        assert_eq!(on_disk(&Answer::Yes), "Sim");
        assert_eq!(on_disk(&RecipientKind::Public), "Publico");
        assert_eq!(on_disk(&StorageMedium::System), "Sistema");
        assert_eq!(on_disk(&FinalDestination::Elimination), "Eliminacao");
        assert_eq!(label_of("Publico"), Some("público"));
        assert_eq!(label_of("NaoSeAplica"), Some("não se aplica"));
        assert_eq!(label_of("cpf"), None);
    }

    mod erased {
        pub trait Ron {
            fn text(&self) -> String;
        }
        impl<T: serde::Serialize> Ron for T {
            fn text(&self) -> String {
                crate::ron_text::to_canonical(self)
                    .unwrap()
                    .trim()
                    .to_owned()
            }
        }
    }
}
