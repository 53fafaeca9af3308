//! Property tests: any model survives save → load unchanged, and what is saved is
//! canonical (saving it again gives the same bytes).

use inventario::model::{Process, Section};
use inventario::ron_text;
use inventario::synthetic::{self, Rng};
use proptest::prelude::*;

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\PC\"\\\\\n\t ]{0,40}",
        Just(String::new()),
        Just("aspas \" e barra \\ e r#\"raw\"# e /* comentário */".to_owned()),
    ]
}

fn process_with(seed: u64, texts: &[String]) -> Process {
    let mut rng = Rng::new(seed);
    let mut p = synthetic::process(&mut rng, (seed % 1000) as usize);
    p.name = texts[0].clone();
    p.description = Some(texts[1].clone());
    p.notes = Some(texts[2].clone());
    p.fields[0].description = Some(texts[3].clone());
    if seed.is_multiple_of(3) {
        p.sharing = Section::NotFilled;
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn save_then_load_gives_the_same_process(
        seed in any::<u64>(),
        texts in proptest::collection::vec(text_strategy(), 4),
    ) {
        let process = process_with(seed, &texts);
        let text = ron_text::to_canonical(&process).unwrap();
        let back: Process = ron_text::parse(text.as_bytes()).unwrap();
        prop_assert_eq!(&back, &process);
        let again = ron_text::to_canonical(&back).unwrap();
        prop_assert_eq!(again, text);
    }

    #[test]
    fn whole_synthetic_inventories_round_trip(seed in any::<u64>()) {
        let inventory = synthetic::inventory(seed, 3);
        let text = ron_text::to_canonical(&inventory.institution).unwrap();
        let back: inventario::model::Institution = ron_text::parse(text.as_bytes()).unwrap();
        prop_assert_eq!(back, inventory.institution);
        for process in &inventory.processes {
            let text = ron_text::to_canonical(process).unwrap();
            let back: Process = ron_text::parse(text.as_bytes()).unwrap();
            prop_assert_eq!(&back, process);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_parser(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = ron_text::parse::<Process>(&bytes);
    }
}

/// One edit a person could make to a process.
#[derive(Debug, Clone)]
enum Edit {
    Name(String),
    Notes(String),
    Frequency(String),
    SubjectCount(u64),
    FieldDescription(usize, String),
    FieldBasis(usize, &'static str),
    RemoveField(usize),
    DuplicateField(usize),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let text = "[a-z ]{0,12}";
    prop_oneof![
        text.prop_map(Edit::Name),
        text.prop_map(Edit::Notes),
        text.prop_map(Edit::Frequency),
        (0u64..4).prop_map(Edit::SubjectCount),
        (0usize..4, text).prop_map(|(i, t)| Edit::FieldDescription(i, t)),
        (
            0usize..4,
            prop_oneof![Just("art7-ii"), Just("art7-iii"), Just("art11-ii-a")]
        )
            .prop_map(|(i, b)| Edit::FieldBasis(i, b)),
        (0usize..4).prop_map(Edit::RemoveField),
        (0usize..4).prop_map(Edit::DuplicateField),
    ]
}

fn apply(base: &Process, edits: &[Edit]) -> Process {
    let mut p = base.clone();
    for edit in edits {
        let n = p.fields.len();
        match edit {
            Edit::Name(t) => p.name = t.clone(),
            Edit::Notes(t) => p.notes = Some(t.clone()),
            Edit::Frequency(t) => p.frequency = Some(t.clone()),
            Edit::SubjectCount(c) => p.subject_count = Some(*c),
            Edit::FieldDescription(i, t) if n > 0 => p.fields[i % n].description = Some(t.clone()),
            Edit::FieldBasis(i, b) if n > 0 => {
                p.fields[i % n].legal_basis = Some(inventario::model::LegalBasisId::from(*b))
            }
            Edit::RemoveField(i) if n > 1 => {
                p.fields.remove(i % n);
            }
            Edit::DuplicateField(i) if n > 0 => {
                let mut copy = p.fields[i % n].clone();
                copy.id = inventario::model::ItemId::parse(&format!("{}-copia", copy.id)).unwrap();
                if !p.fields.iter().any(|f| f.id == copy.id) {
                    p.fields.push(copy);
                }
            }
            _ => {}
        }
    }
    p
}

fn merge_inputs() -> impl Strategy<Value = (Process, Process, Process)> {
    (
        any::<u64>(),
        proptest::collection::vec(edit_strategy(), 0..4),
        proptest::collection::vec(edit_strategy(), 0..4),
    )
        .prop_map(|(seed, ours, theirs)| {
            let base = synthetic::process(&mut Rng::new(seed), (seed % 50) as usize);
            let o = apply(&base, &ours);
            let t = apply(&base, &theirs);
            (base, o, t)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn merging_with_an_unchanged_side_gives_the_other_side((base, ours, theirs) in merge_inputs()) {
        use inventario::semantic::merge_models;
        prop_assert_eq!(merge_models(&base, &base, &theirs).unwrap(), theirs);
        prop_assert_eq!(merge_models(&base, &ours, &base).unwrap(), ours);
    }

    #[test]
    fn a_merge_does_not_depend_on_which_side_is_ours((base, ours, theirs) in merge_inputs()) {
        use inventario::semantic::merge_models;
        match (merge_models(&base, &ours, &theirs), merge_models(&base, &theirs, &ours)) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(_), Err(_)) => {}
            (a, b) => prop_assert!(false, "one order merged, the other did not: {:?} / {:?}", a.is_ok(), b.is_ok()),
        }
    }

    #[test]
    fn every_merged_value_comes_from_base_ours_or_theirs((base, ours, theirs) in merge_inputs()) {
        use inventario::semantic::{diff_models, merge_models};
        if let Ok(merged) = merge_models(&base, &ours, &theirs) {
            let from_ours = diff_models(&base, &ours);
            let from_theirs = diff_models(&base, &theirs);
            for change in diff_models(&base, &merged) {
                let found = from_ours.iter().chain(&from_theirs).any(|c| {
                    c.path == change.path && c.new == change.new
                });
                prop_assert!(found, "{} → {:?} came from neither side", change.path, change.new);
            }
        }
    }
}
