//! The terminal application at 2,000 processes (issue 10): start (loading the
//! inventory, the `App` constructor and the first frame on an 80x24
//! `TestBackend`), the first frame alone, and one keystroke of the list's
//! filter with the redraw that follows. Run with `cargo bench --bench tui`.

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use inventario::history::{Author, History};
use inventario::tui::app::{App, Msg};
use inventario::tui::data::Data;
use inventario::tui::theme::Theme;
use inventario::{store, synthetic};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const PROCESSES: usize = 2_000;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

fn inventory() -> (tempfile::TempDir, std::path::PathBuf) {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path().join("inv");
    store::init(&root, "Instituição sintética").expect("init");
    for process in &synthetic::inventory(7, PROCESSES).processes {
        store::save_process(&root, process).expect("save");
    }
    let author = Author {
        name: "Bancada".into(),
        email: "bancada@exemplo.edu.br".into(),
    };
    History::start(&root, &author, "Carga").expect("history");
    (temp, root)
}

fn key(app: &mut App, code: KeyCode) {
    // The list's keys answer without the worker.
    let _ = app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn tui(c: &mut Criterion) {
    let (_temp, root) = inventory();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut group = c.benchmark_group("aplicativo_2000_processos");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));

    group.bench_function("abrir_ate_o_primeiro_quadro", |b| {
        b.iter(|| {
            let data = Data::load(&root, today()).expect("load");
            let app = App::new(data, Theme { color: true });
            terminal
                .draw(|frame| inventario::tui::view::draw(&app, frame))
                .expect("draw");
            black_box(app)
        })
    });

    let loaded = || Data::load(&root, today()).expect("load");
    group.bench_function("primeiro_quadro", |b| {
        b.iter_batched(
            loaded,
            |data| {
                let app = App::new(data, Theme { color: true });
                terminal
                    .draw(|frame| inventario::tui::view::draw(&app, frame))
                    .expect("draw");
                app
            },
            criterion::BatchSize::LargeInput,
        )
    });

    let mut app = App::new(loaded(), Theme { color: true });
    key(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Char('p'));
    let mut typed = false;
    group.bench_function("tecla_no_filtro_e_redesenho", |b| {
        b.iter(|| {
            // Alternately types and erases one letter: the list is filtered
            // again over every process each time.
            let code = if typed {
                KeyCode::Backspace
            } else {
                KeyCode::Char('r')
            };
            typed = !typed;
            key(&mut app, code);
            terminal
                .draw(|frame| inventario::tui::view::draw(&app, frame))
                .expect("draw");
        })
    });
    group.bench_function("redesenho", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| inventario::tui::view::draw(&app, frame))
                .expect("draw");
        })
    });
    group.finish();
}

criterion_group!(benches, tui);
criterion_main!(benches);
