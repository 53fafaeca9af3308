//! The closed lists the inventory refers to (DOMAIN.md §3, §5, §6): the ones in
//! `schemas/`, embedded in the binary, plus the entries an institution adds in its
//! inventory's `catalogos/` directory. Pure: it parses texts it is given; reading
//! `catalogos/` from disk is the store's job.

pub mod entries;
pub mod table;

use serde::de::DeserializeOwned;

pub use entries::{
    BasisArticle, BasisNature, CategoryEntry, Entry, FieldKindEntry, LegalBasisEntry,
    OperationEntry, PlainEntry, SubjectGroupEntry, TriggerEntry, TriggerOrigin, TtddEntry,
    TtddTable,
};
pub use table::Catalog;

use crate::ron_text::{self, ParseError};

/// One catalog file, by its name in `schemas/` and `catalogos/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CatalogFile {
    Categories,
    FieldKinds,
    LegalBases,
    SubjectGroups,
    Sources,
    Operations,
    MeasureTypes,
    Safeguards,
    PrivateExceptions,
    RipdTriggers,
    TtddSupport,
    TtddIfes,
    Risks,
}

impl CatalogFile {
    pub const ALL: [CatalogFile; 13] = [
        CatalogFile::Categories,
        CatalogFile::FieldKinds,
        CatalogFile::LegalBases,
        CatalogFile::SubjectGroups,
        CatalogFile::Sources,
        CatalogFile::Operations,
        CatalogFile::MeasureTypes,
        CatalogFile::Safeguards,
        CatalogFile::PrivateExceptions,
        CatalogFile::RipdTriggers,
        CatalogFile::TtddSupport,
        CatalogFile::TtddIfes,
        CatalogFile::Risks,
    ];

    /// The file name, e.g. `campos.ron`.
    pub fn file_name(self) -> &'static str {
        match self {
            CatalogFile::Categories => "categorias.ron",
            CatalogFile::FieldKinds => "campos.ron",
            CatalogFile::LegalBases => "bases-legais.ron",
            CatalogFile::SubjectGroups => "titulares.ron",
            CatalogFile::Sources => "fontes.ron",
            CatalogFile::Operations => "operacoes.ron",
            CatalogFile::MeasureTypes => "medidas-seguranca.ron",
            CatalogFile::Safeguards => "salvaguardas.ron",
            CatalogFile::PrivateExceptions => "excecoes-compartilhamento.ron",
            CatalogFile::RipdTriggers => "gatilhos-ripd.ron",
            CatalogFile::TtddSupport => "ttdd-atividades-meio.ron",
            CatalogFile::TtddIfes => "ttdd-ifes.ron",
            CatalogFile::Risks => "riscos.ron",
        }
    }

    pub fn from_file_name(name: &str) -> Option<CatalogFile> {
        Self::ALL.into_iter().find(|f| f.file_name() == name)
    }

    /// The text shipped in `schemas/`.
    fn embedded_text(self) -> &'static str {
        match self {
            CatalogFile::Categories => include_str!("../../schemas/categorias.ron"),
            CatalogFile::FieldKinds => include_str!("../../schemas/campos.ron"),
            CatalogFile::LegalBases => include_str!("../../schemas/bases-legais.ron"),
            CatalogFile::SubjectGroups => include_str!("../../schemas/titulares.ron"),
            CatalogFile::Sources => include_str!("../../schemas/fontes.ron"),
            CatalogFile::Operations => include_str!("../../schemas/operacoes.ron"),
            CatalogFile::MeasureTypes => include_str!("../../schemas/medidas-seguranca.ron"),
            CatalogFile::Safeguards => include_str!("../../schemas/salvaguardas.ron"),
            CatalogFile::PrivateExceptions => {
                include_str!("../../schemas/excecoes-compartilhamento.ron")
            }
            CatalogFile::RipdTriggers => include_str!("../../schemas/gatilhos-ripd.ron"),
            CatalogFile::TtddSupport => include_str!("../../schemas/ttdd-atividades-meio.ron"),
            CatalogFile::TtddIfes => include_str!("../../schemas/ttdd-ifes.ron"),
            CatalogFile::Risks => include_str!("../../schemas/riscos.ron"),
        }
    }
}

/// A problem with one catalog text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("{file}: {error}")]
    Parse { file: String, error: ParseError },
    #[error("{file}: o id \"{id}\" já existe no catálogo; a nova entrada foi ignorada")]
    DuplicateId { file: String, id: String },
    #[error(
        "{file}: não é um arquivo de catálogo conhecido; os nomes aceitos estão em schemas/README.md"
    )]
    UnknownFile { file: String },
}

/// Every catalog the rules and the editor consult.
#[derive(Debug, Clone, Default)]
pub struct Catalogs {
    pub categories: Catalog<CategoryEntry>,
    pub field_kinds: Catalog<FieldKindEntry>,
    pub legal_bases: Catalog<LegalBasisEntry>,
    pub subject_groups: Catalog<SubjectGroupEntry>,
    pub sources: Catalog<PlainEntry>,
    pub operations: Catalog<OperationEntry>,
    pub measure_types: Catalog<PlainEntry>,
    pub safeguards: Catalog<PlainEntry>,
    pub private_exceptions: Catalog<PlainEntry>,
    pub ripd_triggers: Catalog<TriggerEntry>,
    pub ttdd: Catalog<TtddEntry>,
    pub risks: Catalog<PlainEntry>,
}

fn add<T: Entry + DeserializeOwned>(
    catalog: &mut Catalog<T>,
    file: &str,
    text: &str,
) -> Vec<CatalogError> {
    match ron_text::parse::<Vec<T>>(text.as_bytes()) {
        Ok(entries) => catalog
            .extend(entries)
            .into_iter()
            .map(|id| CatalogError::DuplicateId {
                file: file.to_owned(),
                id,
            })
            .collect(),
        Err(error) => vec![CatalogError::Parse {
            file: file.to_owned(),
            error,
        }],
    }
}

impl Catalogs {
    /// The catalogs shipped in `schemas/`.
    pub fn embedded() -> Result<Catalogs, Vec<CatalogError>> {
        let mut catalogs = Catalogs::default();
        let errors: Vec<CatalogError> = CatalogFile::ALL
            .into_iter()
            .flat_map(|file| catalogs.add_text(file, file.file_name(), file.embedded_text()))
            .collect();
        if errors.is_empty() {
            Ok(catalogs)
        } else {
            Err(errors)
        }
    }

    /// Adds the entries of one catalog text; `label` names it in errors.
    pub fn add_text(&mut self, file: CatalogFile, label: &str, text: &str) -> Vec<CatalogError> {
        match file {
            CatalogFile::Categories => add(&mut self.categories, label, text),
            CatalogFile::FieldKinds => add(&mut self.field_kinds, label, text),
            CatalogFile::LegalBases => add(&mut self.legal_bases, label, text),
            CatalogFile::SubjectGroups => add(&mut self.subject_groups, label, text),
            CatalogFile::Sources => add(&mut self.sources, label, text),
            CatalogFile::Operations => add(&mut self.operations, label, text),
            CatalogFile::MeasureTypes => add(&mut self.measure_types, label, text),
            CatalogFile::Safeguards => add(&mut self.safeguards, label, text),
            CatalogFile::PrivateExceptions => add(&mut self.private_exceptions, label, text),
            CatalogFile::RipdTriggers => add(&mut self.ripd_triggers, label, text),
            CatalogFile::TtddSupport | CatalogFile::TtddIfes => add(&mut self.ttdd, label, text),
            CatalogFile::Risks => add(&mut self.risks, label, text),
        }
    }

    /// The embedded catalogs extended with an inventory's own files, given as
    /// (file name, text). Problems in those files are returned, never fatal.
    pub fn with_extensions(
        embedded: &Catalogs,
        files: &[(String, String)],
    ) -> (Catalogs, Vec<CatalogError>) {
        let mut catalogs = embedded.clone();
        let mut errors = Vec::new();
        for (name, text) in files {
            let label = format!("catalogos/{name}");
            match CatalogFile::from_file_name(name) {
                Some(file) => errors.extend(catalogs.add_text(file, &label, text)),
                None => errors.push(CatalogError::UnknownFile { file: label }),
            }
        }
        (catalogs, errors)
    }

    /// The name of entry `id` in the catalog of `file` (a hash lookup).
    pub fn name_in(&self, file: CatalogFile, id: &str) -> Option<&str> {
        fn name<'a, T: Entry>(c: &'a Catalog<T>, id: &str) -> Option<&'a str> {
            c.get(id).map(Entry::name)
        }
        match file {
            CatalogFile::Categories => name(&self.categories, id),
            CatalogFile::FieldKinds => name(&self.field_kinds, id),
            CatalogFile::LegalBases => name(&self.legal_bases, id),
            CatalogFile::SubjectGroups => name(&self.subject_groups, id),
            CatalogFile::Sources => name(&self.sources, id),
            CatalogFile::Operations => name(&self.operations, id),
            CatalogFile::MeasureTypes => name(&self.measure_types, id),
            CatalogFile::Safeguards => name(&self.safeguards, id),
            CatalogFile::PrivateExceptions => name(&self.private_exceptions, id),
            CatalogFile::RipdTriggers => name(&self.ripd_triggers, id),
            CatalogFile::TtddSupport | CatalogFile::TtddIfes => name(&self.ttdd, id),
            CatalogFile::Risks => name(&self.risks, id),
        }
    }

    /// (id, name) of every entry in the catalog of `file`, in file order.
    pub fn entries_of(&self, file: CatalogFile) -> Vec<(&str, &str)> {
        fn pairs<T: Entry>(c: &Catalog<T>) -> Vec<(&str, &str)> {
            c.iter().map(|e| (e.id(), e.name())).collect()
        }
        match file {
            CatalogFile::Categories => pairs(&self.categories),
            CatalogFile::FieldKinds => pairs(&self.field_kinds),
            CatalogFile::LegalBases => pairs(&self.legal_bases),
            CatalogFile::SubjectGroups => pairs(&self.subject_groups),
            CatalogFile::Sources => pairs(&self.sources),
            CatalogFile::Operations => pairs(&self.operations),
            CatalogFile::MeasureTypes => pairs(&self.measure_types),
            CatalogFile::Safeguards => pairs(&self.safeguards),
            CatalogFile::PrivateExceptions => pairs(&self.private_exceptions),
            CatalogFile::RipdTriggers => pairs(&self.ripd_triggers),
            CatalogFile::TtddSupport | CatalogFile::TtddIfes => pairs(&self.ttdd),
            CatalogFile::Risks => pairs(&self.risks),
        }
    }

    /// The SGD category of a field kind.
    pub fn category_of_kind(&self, kind: &str) -> Option<&CategoryEntry> {
        let field = self.field_kinds.get(kind)?;
        self.categories.get(&field.category)
    }

    /// The SGD category of a process's data field: its own, else its kind's.
    pub fn category_of_field(&self, field: &crate::model::DataField) -> Option<&CategoryEntry> {
        match &field.category {
            Some(own) => self.categories.get(own.as_str()),
            None => self.category_of_kind(field.kind.as_str()),
        }
    }

    /// Whether a leak of the field could cause patrimonial or moral damage
    /// (UFDPar art. 39 VI): its category's mark, or the field kind's own.
    pub fn is_damage_prone(&self, field: &crate::model::DataField) -> bool {
        self.category_of_field(field).is_some_and(|c| c.damage_risk)
            || self
                .field_kinds
                .get(field.kind.as_str())
                .is_some_and(|k| k.damage_risk)
    }

    /// Whether a data field is sensitive (LGPD art. 5 II), from its category.
    pub fn is_sensitive_field(&self, field: &crate::model::DataField) -> bool {
        self.category_of_field(field).is_some_and(|c| c.sensitive)
    }

    /// The catalog entry of a legal basis.
    pub fn basis(&self, id: &crate::model::LegalBasisId) -> Option<&LegalBasisEntry> {
        self.legal_bases.get(id.as_str())
    }

    /// Whether a category is one of the sensitive ones of LGPD art. 5 II.
    pub fn is_sensitive_category(&self, category: &str) -> bool {
        self.categories.get(category).is_some_and(|c| c.sensitive)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogs() -> Catalogs {
        Catalogs::embedded().expect("the shipped catalogs parse")
    }

    #[test]
    fn shipped_catalogs_have_the_expected_sizes() {
        let c = catalogs();
        assert_eq!(c.categories.iter().filter(|c| c.sensitive).count(), 10);
        assert_eq!(c.operations.len(), 20, "LGPD art. 5 X lists 20 operations");
        assert_eq!(
            c.ripd_triggers
                .iter()
                .filter(|t| t.id.starts_with("art39"))
                .count(),
            9
        );
        let support = c
            .ttdd
            .iter()
            .filter(|e| e.table == TtddTable::SupportActivities)
            .count();
        assert_eq!(support, 503, "Portaria AN 47/2020 has 503 codes");
        assert!(c.ttdd.contains("125.43"));
    }

    #[test]
    fn every_field_kind_points_to_a_known_category() {
        let c = catalogs();
        for field in c.field_kinds.iter() {
            assert!(
                c.categories.contains(&field.category),
                "{} -> {}",
                field.id,
                field.category
            );
        }
        assert!(c.is_sensitive_category("8.8"));
        assert_eq!(
            c.category_of_kind("dados-saude").map(|c| c.sensitive),
            Some(true)
        );
        assert_eq!(c.category_of_kind("cpf").map(|c| c.sensitive), Some(false));
    }

    #[test]
    fn every_entry_cites_a_source() {
        let c = catalogs();
        assert!(c.legal_bases.iter().all(|e| !e.source.is_empty()));
        assert!(c.field_kinds.iter().all(|e| !e.source.is_empty()));
        assert!(c.safeguards.iter().all(|e| e.source.contains("art. 33")));
    }

    #[test]
    fn known_retention_periods_match_the_table() {
        let c = catalogs();
        let payroll = c.ttdd.get("023.11").unwrap();
        assert_eq!(payroll.current_phase, Some(crate::model::Period::Years(5)));
        assert_eq!(
            payroll.intermediate_phase,
            Some(crate::model::Period::Years(95))
        );
        assert!(c.ttdd.get("020").unwrap().is_heading());
        assert_eq!(c.ttdd.get("020.11").unwrap().total_years, Some(100));
    }

    #[test]
    fn extensions_add_entries_and_report_problems() {
        let base = catalogs();
        let files = vec![
            (
                "campos.ron".to_owned(),
                r#"[(id: "cartao-sus", nome: "Cartão SUS", categoria: "7.1.2", fonte: "local")]"#
                    .to_owned(),
            ),
            (
                "titulares.ron".to_owned(),
                r#"[(id: "discentes", nome: "x", fonte: "y")]"#.to_owned(),
            ),
            ("outro.ron".to_owned(), "[]".to_owned()),
            ("fontes.ron".to_owned(), "[(id: ".to_owned()),
        ];
        let (extended, errors) = Catalogs::with_extensions(&base, &files);
        assert!(extended.field_kinds.contains("cartao-sus"));
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(matches!(errors[0], CatalogError::DuplicateId { .. }));
        assert!(matches!(errors[1], CatalogError::UnknownFile { .. }));
        assert!(matches!(errors[2], CatalogError::Parse { .. }));
    }
}
