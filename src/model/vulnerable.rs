//! The groups of titulares the law protects apart: children (under 12) and
//! adolescents (12–18) (LGPD art. 14; ECA art. 2), the elderly (Res. CD/ANPD
//! 2/2022 art. 4 II d) and other vulnerable groups, as rules and pages name them.

super::choices::closed_list! {
    /// A group of titulares the law protects apart (LGPD art. 14; Res. CD/ANPD
    /// 2/2022 art. 4 II c), as rules and pages name it.
    #[derive(PartialOrd, Ord)]
    pub enum VulnerableGroup in VULNERABLE_GROUPS {
        Children = "Criancas" => "crianças",
        Adolescents = "Adolescentes" => "adolescentes",
        Elderly = "Idosos" => "idosos",
        Other = "OutrosVulneraveis" => "outros grupos vulneráveis",
    }
}

impl VulnerableGroup {
    /// The process key that answers for the group.
    pub fn key(self) -> &'static str {
        match self {
            VulnerableGroup::Children => "criancas",
            VulnerableGroup::Adolescents => "adolescentes",
            VulnerableGroup::Elderly => "idosos",
            VulnerableGroup::Other => "outros_vulneraveis",
        }
    }

    /// Children and adolescents: the groups of LGPD art. 14.
    pub fn is_minor(self) -> bool {
        matches!(
            self,
            VulnerableGroup::Children | VulnerableGroup::Adolescents
        )
    }
}

/// The labels of some groups, joined for a message: "crianças e adolescentes".
pub fn group_labels(groups: &[VulnerableGroup]) -> String {
    let labels: Vec<&str> = groups.iter().map(|g| g.label()).collect();
    crate::text::enumeration(&labels)
}
