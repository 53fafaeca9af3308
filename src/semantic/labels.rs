//! Portuguese labels for on-disk keys and for changes, as commit messages, the
//! `diff` command and the committee's minutes show them.

use serde_json::Value;

use super::diff::{Change, ChangeKind, Step};

/// The label of a key (`base_legal` → "base legal").
pub fn key_label(key: &str) -> &str {
    match key {
        "versao_formato" => "versão do formato",
        "nome" => "nome",
        "descricao" => "descrição",
        "unidade" => "unidade",
        "dono" => "dono do processo",
        "criado_em" => "data de criação",
        "atualizado_em" => "data de atualização",
        "operadores" => "operadores",
        "fluxo_dados" => "fluxo de dados",
        "abrangencia" => "abrangência",
        "fontes" => "fontes",
        "finalidades" => "finalidades",
        "frequencia" => "frequência",
        "quantidade_titulares" => "quantidade de titulares",
        "titulares" => "titulares",
        "criancas_adolescentes" => "dados de crianças e adolescentes",
        "outros_vulneraveis" => "outros grupos vulneráveis",
        "campos" => "campos",
        "retencao" => "retenção",
        "consentimento" => "consentimento",
        "compartilhamentos" => "compartilhamentos",
        "transferencias_internacionais" => "transferências internacionais",
        "medidas_seguranca" => "medidas de segurança",
        "contratos_ti" => "contratos de TI",
        "classificacao_acesso" => "classificação de acesso",
        "fatos_ripd" => "fatos do RIPD",
        "ripd" => "RIPD",
        "ultima_revisao" => "última revisão",
        "observacoes" => "observações",
        "arquivado_em" => "arquivado em",
        "campo" => "tipo de campo",
        "categoria" => "categoria",
        "fonte" => "fonte",
        "operacoes" => "operações",
        "base_legal" => "base legal",
        "previsao_legal" => "previsão legal",
        "resultados_titular" => "resultados para o titular",
        "beneficios" => "benefícios",
        "armazenamento" => "armazenamento",
        "sistema" => "sistema",
        "grupo" => "grupo",
        "destinatario" => "destinatário",
        "natureza" => "natureza",
        "dados" => "dados",
        "finalidade" => "finalidade",
        "finalidade_processo" => "finalidade do processo",
        "instrumento" => "instrumento",
        "excecao_privado" => "exceção do art. 26",
        "organizacao" => "organização",
        "pais" => "país",
        "salvaguarda" => "salvaguarda",
        "tipo" => "tipo",
        "controles" => "controles",
        "numero" => "número",
        "processo_contratacao" => "processo de contratação",
        "objeto" => "objeto",
        "email_gestor" => "e-mail do gestor",
        "ttdd" => "código TTDD",
        "fase_corrente" => "fase corrente",
        "fase_intermediaria" => "fase intermediária",
        "destinacao" => "destinação",
        "prazo_total_anos" => "prazo total",
        "justificativa" => "justificativa",
        "fim_tratamento" => "fim do tratamento",
        "excecao_guarda" => "exceção de guarda",
        "forma_obtencao" => "forma de obtenção",
        "canal_revogacao" => "canal de revogação",
        "informa_compartilhamento" => "informa compartilhamento",
        "consentimento_responsavel" => "consentimento do responsável",
        "nova_tecnologia" => "nova tecnologia",
        "rastreamento_ou_perfil" => "rastreamento ou perfil",
        "decisoes_automatizadas" => "decisões automatizadas",
        "reforma_administrativa" => "reforma administrativa",
        "vigilancia_area_publica" => "vigilância de área pública",
        "referencia" => "referência",
        "data" => "data",
        "ata" => "ata",
        "aprovado_por" => "aprovado por",
        "endereco" => "endereço",
        "telefone" => "telefone",
        "cargo" => "cargo",
        "usuario" => "usuário",
        "fases" => "fases",
        "controlador" => "controlador",
        "encarregado" => "encarregado",
        "comite" => "comitê",
        "politica" => "política",
        "ato_designacao" => "ato de designação",
        "funcao" => "função",
        other => other,
    }
}

/// The noun for one item of a list (`campos` → "campo").
pub fn item_noun(list: &str) -> &str {
    match list {
        "campos" => "campo",
        "finalidades" => "finalidade",
        "titulares" => "titular",
        "operadores" => "operador",
        "compartilhamentos" => "compartilhamento",
        "transferencias_internacionais" => "transferência internacional",
        "medidas_seguranca" => "medida de segurança",
        "contratos_ti" => "contrato de TI",
        "comite" => "membro do comitê",
        "fontes" => "fonte",
        "operacoes" => "operação",
        "abrangencia" => "abrangência",
        "fases" => "fase",
        "dados" => "dado",
        "fim_tratamento" => "causa de fim",
        other => key_label(other),
    }
}

/// A value in one line: texts as they are, the model's closed values by their
/// Portuguese label (`Publico` is "público"), lists joined, structures compact.
pub fn show_value(value: &Value) -> String {
    match value {
        Value::Null => "—".to_owned(),
        Value::String(s) => crate::model::choices::label_of(s)
            .map(str::to_owned)
            .unwrap_or_else(|| s.clone()),
        Value::Bool(b) => if *b { "sim" } else { "não" }.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(show_value).collect::<Vec<_>>().join(", "),
        Value::Object(map) => match map.iter().next() {
            Some((variant, inner)) if map.len() == 1 && variant == "Anos" => {
                format!("{} anos", show_value(inner))
            }
            Some((variant, inner)) if map.len() == 1 && variant == "Evento" => {
                format!("até {}", show_value(inner))
            }
            Some((variant, inner))
                if map.len() == 1 && variant.starts_with(|c: char| c.is_ascii_uppercase()) =>
            {
                match crate::model::choices::label_of(variant) {
                    Some(label) => format!("{label}: {}", show_value(inner)),
                    None => format!("{variant}({})", show_value(inner)),
                }
            }
            _ => serde_json::to_string(value).unwrap_or_default(),
        },
    }
}

/// Where a change is, in words, innermost first: `campos[cpf].retencao.ttdd` is
/// "código TTDD de retenção de campo cpf".
fn place(steps: &[Step]) -> String {
    let owner_at = steps
        .iter()
        .rposition(|s| matches!(s, Step::Item { keyed: true, .. }));
    let inner = owner_at.map_or(steps, |i| &steps[i + 1..]);
    let mut words: Vec<&str> = inner
        .iter()
        .filter_map(|s| match s {
            Step::Key(key) => Some(key_label(key)),
            Step::Item { .. } => None,
        })
        .collect();
    words.reverse();
    let owner = owner_at.and_then(|i| match &steps[i] {
        Step::Item { list, item, .. } => Some(format!("{} {item}", item_noun(list))),
        Step::Key(_) => None,
    });
    words.extend(owner.as_deref());
    words.join(" de ")
}

/// A short Portuguese phrase for one change: "adiciona campo cpf", "altera base
/// legal de campo email", "acrescenta coleta em operações de campo nome".
pub fn describe(change: &Change) -> String {
    if let Some(Step::Item { list, item, keyed }) = change.steps.last() {
        let parent = place(&change.steps[..change.steps.len() - 1]);
        let target = if *keyed {
            format!("{} {item}", item_noun(list))
        } else {
            item.clone()
        };
        let container = if *keyed || parent.is_empty() {
            String::new()
        } else {
            format!(" em {parent}")
        };
        return match change.kind {
            ChangeKind::Added if *keyed => format!("adiciona {target}"),
            ChangeKind::Removed if *keyed => format!("remove {target}"),
            ChangeKind::Added => format!("acrescenta {target}{container}"),
            ChangeKind::Removed => format!("retira {target}{container}"),
            ChangeKind::Changed => format!("altera {target}"),
        };
    }
    let what = place(&change.steps);
    match change.kind {
        ChangeKind::Added => format!("preenche {what}"),
        ChangeKind::Removed => format!("apaga {what}"),
        ChangeKind::Changed => format!("altera {what}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::diff::diff;
    use serde_json::json;

    fn phrases(old: Value, new: Value) -> Vec<String> {
        diff(&old, &new).iter().map(describe).collect()
    }

    #[test]
    fn phrases_read_like_a_person_wrote_them() {
        assert_eq!(
            phrases(
                json!({"campos": [{"id": "email", "base_legal": "art7-iii", "operacoes": ["coleta"]}]}),
                json!({"campos": [{"id": "cpf"}, {"id": "email", "base_legal": "art7-ii", "operacoes": ["coleta", "eliminacao"]}]})
            ),
            vec![
                "adiciona campo cpf",
                "altera base legal de campo email",
                "acrescenta eliminacao em operações de campo email",
            ]
        );
        assert_eq!(
            phrases(
                json!({"nome": "a"}),
                json!({"nome": "b", "observacoes": "x"})
            ),
            vec!["altera nome", "preenche observações"]
        );
        assert_eq!(
            phrases(
                json!({"retencao": {"ttdd": "1"}}),
                json!({"retencao": {"ttdd": "2"}})
            ),
            vec!["altera código TTDD de retenção"]
        );
    }

    #[test]
    fn values_show_in_one_line() {
        assert_eq!(show_value(&json!({"Anos": 5})), "5 anos");
        assert_eq!(show_value(&json!(["a", "b"])), "a, b");
        assert_eq!(show_value(&Value::Null), "—");
    }
}
