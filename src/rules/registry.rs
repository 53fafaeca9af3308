//! Every rule `check` knows: its id, severity, the article it rests on and a
//! one-line title. The checks refer to these constants; `inventario regras`
//! lists them; the JSON output carries the id and article.

use super::finding::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub article: &'static str,
    pub title: &'static str,
}

macro_rules! rules {
    ($($name:ident = $id:literal, $sev:ident, $article:literal, $title:literal;)*) => {
        $(pub const $name: Rule = Rule {
            id: $id,
            severity: Severity::$sev,
            article: $article,
            title: $title,
        };)*
        /// All rules, in the order they are documented.
        pub const ALL: &[Rule] = &[$($name),*];
    };
}

rules! {
    // Reading the inventory
    UNREADABLE_FILE = "arquivo-ilegivel", Error, "formato do inventário (schemas/README.md)",
        "arquivo que não pôde ser lido ou interpretado";
    CATALOG_FILE = "catalogo-local-invalido", Error, "formato do inventário (schemas/README.md)",
        "arquivo de catalogos/ inválido";
    FORMAT_VERSION = "versao-formato", Error, "formato do inventário (versao_formato)",
        "versão de formato mais nova que esta versão do programa";
    FILE_NAME = "arquivo-nome-diferente-do-id", Error, "formato do inventário (processos/<id>.ron)",
        "nome do arquivo diferente do id do processo";
    DUPLICATE_PROCESS = "id-processo-duplicado", Error, "formato do inventário",
        "dois arquivos com o mesmo id de processo";
    DUPLICATE_ITEM = "id-item-duplicado", Error, "formato do inventário",
        "dois itens de uma lista com o mesmo id";
    // Institution
    DPO_CONTACT = "encarregado-sem-contato", Error, "LGPD art. 41 §1º",
        "encarregado sem nome ou e-mail de contato";
    CONTROLLER_INCOMPLETE = "controlador-incompleto", Warning, "Guia SGD de Inventário, seção 2",
        "controlador sem CNPJ, endereço ou e-mail";
    NO_RIGHTS_CHANNEL = "canal-titular-ausente", Warning, "LGPD art. 9º, VII e art. 18; UFDPar art. 30",
        "instituição sem o canal onde os titulares exercem seus direitos";
    POLICY_REVISION_LATE = "revisao-politica-vencida", Warning, "UFDPar art. 7º, III; período da instituição (politica.revisao_politica_meses)",
        "revisão da Política pelo comitê vencida ou nunca registrada";
    NO_TRIGGER_SET = "politica-sem-gatilhos-ripd", Warning, "UFDPar art. 39; Res. CD/ANPD 2/2022 art. 4º",
        "instituição sem conjunto de gatilhos de RIPD";
    // Identification and owner
    NO_OWNER = "sem-dono", Error, "UFDPar art. 3º, VIII e art. 10 §1º",
        "processo sem dono do processo";
    // Purposes and legal bases
    OUTSIDE_GENERAL_RULES = "fora-regras-gerais", Warning, "LGPD art. 4º, III e §§ 1º e 3º",
        "tratamento fora das regras gerais da LGPD: regras de base legal, consentimento, compartilhamento e transferência não aplicadas";
    OPERATOR_FOR = "operador-para-outro-controlador", Warning, "LGPD art. 5º, VII; art. 37, 39 e 46",
        "a instituição é operadora de outro controlador: as regras sobre as decisões dele não se aplicam";
    NO_PURPOSE = "sem-finalidade", Error, "LGPD art. 6º, I; Guia SGD de Inventário, seção 6",
        "processo sem finalidade";
    PURPOSE_NO_BASIS = "finalidade-sem-base-legal", Error, "LGPD art. 7º e art. 23",
        "finalidade sem base legal";
    PURPOSE_NO_PROVISION = "finalidade-sem-previsao-legal", Warning, "LGPD art. 23, I; Guia SGD de Inventário, seção 6",
        "finalidade sem a previsão legal que a fundamenta";
    // Data fields
    NO_FIELDS = "sem-campos", Error, "UFDPar art. 34 §1º; Guia SGD de Inventário, seções 7 e 8",
        "processo sem campos de dados pessoais";
    FIELD_NO_PURPOSE = "campo-sem-finalidade", Error, "LGPD art. 6º, I; UFDPar art. 34 §3º",
        "campo sem finalidade";
    FIELD_UNKNOWN_PURPOSE = "campo-finalidade-desconhecida", Error, "LGPD art. 6º, I",
        "campo aponta para finalidade que o processo não tem";
    FIELD_NO_BASIS = "campo-sem-base-legal", Error, "LGPD art. 7º",
        "campo sem base legal (nem própria, nem das finalidades)";
    SENSITIVE_NOT_ART11 = "sensivel-sem-base-art11", Error, "LGPD art. 11",
        "dado sensível sem base legal do art. 11";
    SENSITIVE_LEGITIMATE_INTEREST = "sensivel-interesse-legitimo", Error, "LGPD art. 11 (não admite interesse legítimo nem proteção do crédito)",
        "dado sensível fundado em interesse legítimo ou proteção do crédito";
    FIELD_NO_OPERATIONS = "campo-sem-operacoes", Warning, "LGPD art. 5º, X; UFDPar art. 34 §4º",
        "campo sem as operações de tratamento";
    FIELD_NO_SOURCE = "campo-sem-fonte", Warning, "UFDPar art. 34 §2º e art. 35",
        "campo sem a forma de coleta";
    UNKNOWN_CATALOG_ID = "catalogo-desconhecido", Error, "catálogos do inventário (schemas/)",
        "id que não existe no catálogo";
    FIELD_KIND_UNKNOWN_CATEGORY = "campo-categoria-desconhecida", Error, "LGPD art. 5º, II; Guia SGD de Inventário, seções 7 e 8",
        "tipo de campo do catálogo local com categoria que não existe: não se sabe se é sensível";
    LEGITIMATE_INTEREST_PUBLIC_BODY = "interesse-legitimo-orgao-publico", Warning, "LGPD art. 23 e art. 7º, IX; Guia da ANPD para o Poder Público (interesse legítimo é excepcional)",
        "órgão público fundado em interesse legítimo";
    ADVERTISING_PURPOSE = "finalidade-publicitaria", Warning, "LGPD art. 23 (atribuições legais e políticas públicas)",
        "finalidade de marketing ou publicidade num órgão público";
    // Retention
    NO_RETENTION = "sem-retencao", Error, "LGPD art. 15 e 16; UFDPar art. 37 e 38",
        "campos sem prazo de retenção (um achado por processo, com os campos)";
    RETENTION_ONLY_TEXT = "retencao-sem-prazo", Error, "LGPD art. 15, I; UFDPar art. 37",
        "retenção dada só em texto, sem prazo, evento nem código da tabela";
    UNKNOWN_TTDD = "ttdd-desconhecido", Error, "tabela de temporalidade em uso (politica.tabelas_temporalidade: Portarias AN 47/2020 e 92/2011 ou a da instituição); Lei 8.159/1991 art. 9º",
        "código TTDD que não existe na tabela";
    TTDD_HEADING = "ttdd-classe-sem-prazo", Warning, "tabela de temporalidade em uso; Lei 8.159/1991 art. 9º",
        "código TTDD de classe, que não define prazo";
    RETENTION_NO_TTDD = "retencao-sem-ttdd", Warning, "regra da instituição (politica.codigo_ttdd_obrigatorio, ex. UFDPar art. 38 §1º: erro); aviso sem ela; Lei 8.159/1991 art. 9º",
        "retenção sem código da tabela de temporalidade";
    RETENTION_DIVERGES = "retencao-diverge-ttdd", Warning, "tabela de temporalidade em uso; Lei 8.159/1991 art. 9º; LGPD art. 15 e 16",
        "prazo informado diferente do previsto na TTDD";
    // Data subjects
    NO_SUBJECTS = "sem-titulares", Error, "UFDPar art. 33; Guia SGD de Inventário, seção 10",
        "processo sem categoria de titulares";
    // Vulnerable groups: children, adolescents, the elderly
    GROUPS_UNANSWERED = "vulneraveis-nao-informado", Warning, "LGPD art. 14; Res. CD/ANPD 2/2022 art. 4º, II, d; Guia SGD de Inventário, seção 10",
        "não informa se trata dados de crianças, adolescentes ou idosos";
    MINORS_NOT_SPLIT = "criancas-adolescentes-separar", Warning, "LGPD art. 14 §1º; ECA art. 2º",
        "resposta única para crianças e adolescentes: o art. 14 §1º vale só para crianças";
    GROUP_NOT_MARKED = "grupo-vulneravel-nao-marcado", Warning, "LGPD art. 14; Res. CD/ANPD 2/2022 art. 4º, II, d",
        "categoria de titulares de um grupo vulnerável sem a marcação do grupo";
    BEST_INTEREST_MISSING = "melhor-interesse-nao-avaliado", Error, "LGPD art. 14, caput; Enunciado CD/ANPD 1/2023",
        "dados de crianças ou adolescentes sem a avaliação do seu melhor interesse";
    BEST_INTEREST_AS_BASIS = "melhor-interesse-como-base-legal", Error, "LGPD art. 7º, 11 e 14; Enunciado CD/ANPD 1/2023",
        "melhor interesse usado como base legal em vez de uma base do art. 7º ou 11";
    PARENTAL_CONSENT_MISSING = "consentimento-responsavel-ausente", Error, "LGPD art. 14 §1º (crianças, quando a base é o consentimento); regra da instituição (politica.consentimento_responsavel, ex. UFDPar art. 24)",
        "sem consentimento específico de um dos pais onde a lei ou a instituição o exige";
    PARENT_CONTACT_STORED = "art14-contato-armazenado", Error, "LGPD art. 14 §3º",
        "dado coletado sem consentimento para contatar os pais, mas armazenado";
    // Consent
    CONSENT_MISSING = "consentimento-sem-registro", Error, "LGPD art. 8º",
        "base legal de consentimento sem registro de como é obtido";
    CONSENT_NO_REVOCATION = "consentimento-sem-revogacao", Error, "LGPD art. 8º §5º; UFDPar art. 13",
        "consentimento sem canal de revogação";
    CONSENT_SHARING_UNINFORMED = "consentimento-sem-informar-compartilhamento", Warning, "LGPD art. 7º §5º e art. 9º, V; UFDPar art. 13",
        "consentimento que não informa o compartilhamento";
    // Sharing and transfers
    SECTION_NOT_FILLED = "secao-nao-preenchida", Warning, "Guia SGD de Inventário (\"Não se aplica\")",
        "seção nem preenchida nem declarada \"não se aplica\"";
    PRIVATE_NO_EXCEPTION = "privado-sem-excecao", Error, "LGPD art. 26 §1º; MPRS art. 20; Rondônia art. 15",
        "compartilhamento com entidade privada sem a exceção que o permite";
    SHARING_NO_PURPOSE = "compartilhamento-sem-finalidade", Error, "LGPD art. 6º, I e art. 26",
        "compartilhamento sem finalidade";
    SHARING_UNRELATED_PURPOSE = "compartilhamento-finalidade-incompativel", Warning, "LGPD art. 6º, I e art. 26; Guia SGD de Inventário, seção 11",
        "finalidade do compartilhamento não ligada às finalidades do processo";
    SHARING_NO_INSTRUMENT = "compartilhamento-sem-instrumento", Warning, "UFDPar art. 16; LGPD art. 26",
        "compartilhamento sem o instrumento que o formaliza";
    UNKNOWN_FIELD_REF = "referencia-campo-desconhecida", Error, "Guia SGD de Inventário, seções 11 e 13",
        "compartilhamento ou transferência cita campo que o processo não tem";
    TRANSFER_SAFEGUARD_NOT_ACCEPTED = "transferencia-salvaguarda-nao-aceita", Error, "política da instituição (UFDPar art. 36: só país com proteção adequada); LGPD art. 33",
        "transferência internacional por hipótese que a política da instituição não admite";
    SHARING_NOT_REPORTED = "compartilhamento-privado-nao-comunicado", Warning, "LGPD art. 26 §2º",
        "contrato ou convênio com entidade privada não comunicado à ANPD";
    RECEIVED_NO_ORIGIN = "recebido-sem-origem", Warning, "LGPD art. 26; Decreto 10.046/2019 art. 4º",
        "dados recebidos de outro órgão público sem dizer de qual nem por qual instrumento";
    FOREIGN_OPERATOR_NO_TRANSFER = "operador-estrangeiro-sem-transferencia", Warning, "LGPD art. 5º, XV e art. 33",
        "operador estrangeiro sem transferência internacional declarada";
    TRANSFER_NO_SAFEGUARD = "transferencia-sem-salvaguarda", Error, "LGPD art. 33; UFDPar art. 36",
        "transferência internacional sem salvaguarda do art. 33";
    // Security, classification
    NO_SECURITY = "sem-medidas-seguranca", Warning, "LGPD art. 46; Guia SGD de Inventário, seção 12",
        "processo sem medidas de segurança";
    UNKNOWN_ACCESS_LEVEL = "classificacao-acesso-desconhecida", Error, "MPRS art. 9º a 12",
        "classificação de acesso que a instituição não usa";
    NO_ACCESS_LEVEL = "sem-classificacao-acesso", Warning, "política de classificação da instituição (MPRS art. 9º: não classificado até a classificação manual); só com niveis_acesso",
        "processo sem classificação de acesso";
    // Review and RIPD
    REVIEW_OVERDUE = "revisao-vencida", Warning, "Guia SGD de Inventário (revisão ao menos anual ou a cada mudança); UFDPar art. 7º, II; período de revisão da instituição",
        "última revisão do comitê mais antiga que o período de revisão";
    NEVER_REVIEWED = "nunca-revisado", Warning, "Guia SGD de Inventário (revisão ao menos anual ou a cada mudança); UFDPar art. 7º, II",
        "processo nunca revisado pelo comitê";
    RIPD_REQUIRED = "ripd-necessario", Error, "regra da instituição (UFDPar art. 39; MPRS art. 14); Res. CD/ANPD 2/2022 art. 4º, por analogia (aviso quando só ela dispara); LGPD art. 10 §3º e art. 32",
        "processo exige RIPD e nenhum está registrado";
    RIPD_OUTDATED = "ripd-desatualizado", Warning, "período de revisão de RIPD da instituição (MPRS art. 14 §2º: RIPD institucional semestral, por analogia)",
        "RIPD mais antigo que o período de revisão de RIPD";
    RIPD_FACTS_UNDECLARED = "fatos-ripd-nao-declarados", Warning, "UFDPar art. 39, I, II, IV e IX",
        "dono do processo não declarou os fatos que só ele conhece";
    // RIPD documents (ripd/<id>.ron)
    RIPD_FILE_NAME = "ripd-arquivo-nome-diferente-do-id", Error, "formato do inventário (ripd/<id>.ron)",
        "nome do arquivo do RIPD diferente do seu id";
    RIPD_SECTION_EMPTY = "ripd-secao-vazia", Error, "Guia SGD de RIPD, seções 2, 3, 5 e 6",
        "seção obrigatória do RIPD em branco";
    RIPD_RISK_UNRATED = "ripd-risco-sem-avaliacao", Error, "Guia SGD de RIPD, seção 6",
        "risco sem probabilidade ou impacto";
    RIPD_RISK_NO_MEASURE = "ripd-risco-sem-medida", Error, "Guia SGD de RIPD, seção 7",
        "risco moderado ou alto sem medida para tratá-lo";
    RIPD_RESIDUAL_HIGH = "ripd-risco-residual-alto", Error, "Guia SGD de RIPD, seção 7; LGPD art. 38 e art. 55-J, XIII",
        "risco residual alto: consultar a ANPD antes do tratamento";
    RIPD_APPROVAL_INCOMPLETE = "ripd-aprovacao-incompleta", Error, "Guia SGD de RIPD, seção 8",
        "aprovação do RIPD sem signatário, data ou ata";
    RIPD_UNKNOWN_PROCESS = "ripd-processo-desconhecido", Error, "formato do inventário (ripd/<id>.ron)",
        "RIPD que cobre um processo que não existe";
    RIPD_TRIGGER_NOT_ADDRESSED = "ripd-gatilho-nao-tratado", Warning, "UFDPar art. 39; Guia SGD de RIPD, seção 2",
        "gatilho de um processo coberto que a seção 2 do RIPD não trata";
    RIPD_MEASURE_NOT_RECORDED = "ripd-medida-nao-registrada", Warning, "LGPD art. 46; Guia SGD de RIPD, seção 7; Guia SGD de Inventário, seção 12",
        "medida do RIPD de um tipo que nenhum processo coberto registra em medidas_seguranca";
    CHANGED_WITHOUT_RIPD = "mudanca-sem-ripd", Warning, "UFDPar art. 39, VII",
        "processo sem RIPD que mudou dados, finalidades ou fluxos desde a última aprovação";
    RIPD_MATERIAL_CHANGE = "ripd-mudanca-no-processo", Warning, "UFDPar art. 39, VII",
        "processo coberto mudou (dados, finalidades, bases, compartilhamento) depois da aprovação do RIPD";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_there_are_at_least_twenty() {
        let mut ids: Vec<_> = ALL.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
        assert!(ALL.len() >= 20);
        assert!(ALL.iter().all(|r| !r.article.is_empty()));
    }
}
