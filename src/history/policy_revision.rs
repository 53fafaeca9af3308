//! The committee's revision of the Política and its normative instructions over
//! the whole inventory (UFDPar art. 7 III; `inventario revisao politica`): the
//! date, minutes and approver go into `inventario.ron` (`revisao_politica`), in one
//! commit with an annotated tag `revisao-politica/AAAA-MM-DD` that marks the
//! inventory as the committee revised it. Edits not yet in the history are
//! refused first: the revision covers what the history holds, nothing else.

use chrono::NaiveDate;

use super::error::{HistoryError, single_line};
use super::write::{Committed, PathUpdate, Source, TagSpec};
use super::{Author, CommitId, History};
use crate::files::INSTITUTION_FILE;
use crate::model::{Institution, Review};
use crate::semantic::message::{Operation, TRAILER_DATA, TRAILER_OPERATION, trailer};
use crate::store::{self, layout};

/// Prefix of the revision tags.
pub const TAG_PREFIX: &str = "revisao-politica/";

/// One revision on the branch, read from its commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRevision {
    pub commit: CommitId,
    /// `DD/MM/AAAA`, from the commit's `Data` trailer.
    pub date: String,
    pub minutes: String,
    pub author: String,
}

/// A revision just recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRevision {
    pub commit: CommitId,
    pub tag: String,
    /// How many process files the revised inventory holds.
    pub processes: usize,
}

impl History {
    /// Records the committee's revision of the Política with its `minutes`.
    pub fn revise_policy(
        &self,
        minutes: &str,
        today: NaiveDate,
        author: &Author,
    ) -> Result<PolicyRevision, HistoryError> {
        single_line("ata", minutes)?;
        let session = self.begin_write()?;
        // What `registrar` would commit: a LEIA-ME edited by hand is not part
        // of the revised inventory and does not stop it.
        let unregistered: Vec<String> = self
            .unregistered_files()?
            .into_iter()
            .map(|(path, _, _)| path)
            .collect();
        if !unregistered.is_empty() {
            return Err(HistoryError::UnregisteredEdits(unregistered));
        }
        let head = self.head_oid()?;
        let mut files = self.files_of(head)?;
        let bytes = files
            .get(INSTITUTION_FILE)?
            .ok_or_else(|| HistoryError::Unreadable {
                file: INSTITUTION_FILE.to_owned(),
                reason: "o arquivo não está no histórico".to_owned(),
            })?;
        let mut institution: Institution =
            crate::ron_text::parse(&bytes).map_err(|e| HistoryError::Unreadable {
                file: INSTITUTION_FILE.to_owned(),
                reason: e.to_string(),
            })?;
        institution.policy_revision = Some(Review {
            date: today,
            minutes: minutes.to_owned(),
            approved_by: author.name.clone(),
        });
        let processes = self.process_count(head);
        let date = today.format("%d/%m/%Y").to_string();
        let message = format!(
            "Revisão da Política pelo comitê: {minutes}\n\nRevisão da Política de Privacidade e das instruções normativas sobre o inventário inteiro ({processes} processos), UFDPar art. 7º, III.\n\nAta: {minutes}\nData: {date}\n{TRAILER_OPERATION}: {}\n{TRAILER_DATA}: revisao_politica\n",
            Operation::PolicyRevision.label()
        );
        let tag = TagSpec {
            name: self.free_tag_name(&format!("{TAG_PREFIX}{}", today.format("%Y-%m-%d"))),
            message: format!(
                "Revisão da Política pelo comitê: {minutes}, por {} <{}>\n\nData: {date}\nAta: {minutes}\nProcessos no inventário: {processes}\n",
                author.name, author.email
            ),
            tagger_name: author.name.clone(),
            tagger_email: author.email.clone(),
        };
        let tag_name = tag.name.clone();
        let updates = [PathUpdate {
            path: INSTITUTION_FILE.to_owned(),
            content: Some(store::canonical_text(&institution)?.into_bytes()),
        }];
        match session.commit(&updates, &[], author, &message, Some(tag), Source::Given)? {
            Committed::Done(commit) => Ok(PolicyRevision {
                commit: commit.into(),
                tag: tag_name,
                processes,
            }),
            // The same revision already recorded today, with these minutes.
            Committed::Unchanged => Err(HistoryError::AlreadyRecorded(minutes.to_owned())),
            Committed::Moved => Err(HistoryError::BranchKeptMoving),
        }
    }

    /// Every revision of the Política on the branch, oldest first, from the
    /// revision commits (their trailers say minutes and date).
    pub fn policy_revisions(&self) -> Result<Vec<RecordedRevision>, HistoryError> {
        let entries = self.entries_of_operation(Operation::PolicyRevision)?;
        Ok(entries
            .into_iter()
            .map(|entry| {
                let field = |key| trailer(&entry.message, key).unwrap_or_default().to_owned();
                RecordedRevision {
                    date: field("Data"),
                    minutes: field("Ata"),
                    author: format!("{} <{}>", entry.author, entry.email),
                    commit: entry.commit,
                }
            })
            .collect())
    }

    /// How many process files the commit holds.
    fn process_count(&self, commit: git2::Oid) -> usize {
        let tree = self.repo.find_commit(commit).and_then(|c| c.tree());
        tree.ok()
            .and_then(|t| t.get_path(std::path::Path::new(layout::PROCESSES_DIR)).ok())
            .and_then(|entry| entry.to_object(&self.repo).ok())
            .and_then(|object| object.into_tree().ok())
            .map_or(0, |t| {
                t.iter()
                    .filter(|e| e.name().is_ok_and(|n| n.ends_with(".ron")))
                    .count()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::test_support::*;

    #[test]
    fn a_revision_is_one_commit_with_its_tag_and_refuses_unregistered_edits() {
        let (_temp, history) = sample_repo();
        let root = history.root().to_path_buf();
        let author = author();
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).expect("a valid date");
        // A hand edit not in the history stops it, and nothing is written.
        let process = root.join("processos/cftv.ron");
        let original = std::fs::read_to_string(&process).expect("the sample file");
        std::fs::write(&process, original.replace("Contínua", "Diária")).expect("written");
        let head = history.head().expect("a head");
        match history.revise_policy("Ata 11/2026", day, &author) {
            Err(HistoryError::UnregisteredEdits(files)) => {
                assert_eq!(files, vec!["processos/cftv.ron".to_owned()]);
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(history.head().expect("a head"), head);
        std::fs::write(&process, &original).expect("restored");
        // Notes edited by hand are no document of the inventory: no refusal.
        let notes = root.join("LEIA-ME.md");
        let mut text = std::fs::read_to_string(&notes).expect("the sample's notes");
        text.push_str("\nNota local.\n");
        std::fs::write(&notes, text).expect("written");

        let revision = history
            .revise_policy("Ata 11/2026", day, &author)
            .expect("recorded");
        assert_eq!(revision.tag, "revisao-politica/2026-12-01");
        assert_eq!(revision.processes, 18);
        let text = std::fs::read_to_string(root.join(INSTITUTION_FILE)).expect("written");
        let institution: Institution = crate::ron_text::parse(text.as_bytes()).expect("parses");
        let recorded = institution.policy_revision.expect("recorded in the file");
        assert_eq!(recorded.minutes, "Ata 11/2026");
        assert_eq!(recorded.approved_by, "Ana Teste");
        assert_eq!(recorded.date, day);
        let tag = history
            .repo()
            .find_reference("refs/tags/revisao-politica/2026-12-01")
            .and_then(|r| r.peel_to_commit())
            .expect("the tag names the commit");
        assert_eq!(CommitId::from(tag.id()), revision.commit);
        let message = tag.message().unwrap_or_default().to_owned();
        assert!(message.contains("UFDPar art. 7º, III"), "{message}");
        let left: Vec<String> = history
            .repo()
            .statuses(None)
            .expect("status")
            .iter()
            .filter_map(|e| e.path().map(str::to_owned).ok())
            .collect();
        assert_eq!(
            left,
            vec!["LEIA-ME.md".to_owned()],
            "only the notes stay edited"
        );
        let listed = history.policy_revisions().expect("listed");
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].date, "01/12/2026");
        assert_eq!(listed[0].minutes, "Ata 11/2026");
        assert_eq!(listed[0].commit, revision.commit);
        // Twice the same day with the same minutes records nothing new.
        assert!(matches!(
            history.revise_policy("Ata 11/2026", day, &author),
            Err(HistoryError::AlreadyRecorded(_))
        ));
    }
}
