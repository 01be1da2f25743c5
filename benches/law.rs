//! The law engine: parsing and validating facts, advising, and the report a judge reads, on the
//! three sample incidents of `config/samples/`. Pure CPU, no I/O.

use ::law::{self, Catalog, Facts, Lang};

fn main() {
    divan::main();
}

const SAMPLES: [&str; 3] = [
    "civil-contempt",
    "criminal-disobedience",
    "administrative-breach",
];

fn sample(name: &str) -> String {
    let path = format!("{}/config/samples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn catalog() -> Catalog {
    Catalog::builtin().unwrap_or_else(|e| panic!("catalog: {e}"))
}

#[divan::bench]
fn catalog_builtin() -> Catalog {
    catalog()
}

#[divan::bench(args = SAMPLES)]
fn facts_parse_validate(bencher: divan::Bencher, name: &str) {
    let (text, cat) = (sample(name), catalog());
    bencher.bench_local(|| {
        let facts = Facts::from_json(divan::black_box(&text)).ok()?;
        facts.validate(&cat).ok()
    });
}

#[divan::bench(args = SAMPLES)]
fn advise(bencher: divan::Bencher, name: &str) {
    let cat = catalog();
    let facts = Facts::from_json(&sample(name)).unwrap_or_else(|e| panic!("{e}"));
    bencher.bench_local(|| law::advise(divan::black_box(&facts), &cat));
}

#[divan::bench(args = SAMPLES)]
fn advise_and_report(bencher: divan::Bencher, name: &str) {
    let cat = catalog();
    let facts = Facts::from_json(&sample(name)).unwrap_or_else(|e| panic!("{e}"));
    bencher.bench_local(|| {
        let advice = law::advise(divan::black_box(&facts), &cat);
        law::report::report(&advice, &cat, Lang::Ru)
    });
}
