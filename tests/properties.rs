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
