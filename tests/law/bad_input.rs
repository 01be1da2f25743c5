//! Bad facts through the real binary: exit code 2 and one line naming the field; never a panic.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::json;

use super::fixtures::{base, set};

fn advise_stdin(input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hattama"))
        .args(["advise", "--facts", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write facts");
    child.wait_with_output().expect("the binary finishes")
}

/// Exit 2, nothing on stdout, one stderr line that names `field` and says `says`.
fn refused(input: &str, field: &str, says: &str) {
    let out = advise_stdin(input);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "input {input}\nstderr {err}");
    assert!(out.stdout.is_empty(), "nothing printed on stdout");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(field), "names {field}: {err}");
    assert!(err.contains(says), "says {says}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn malformed_json_is_refused() {
    refused("{\"case\": {", "facts", "EOF");
    refused("not json", "facts", "expected");
    refused("", "facts", "EOF");
}

#[test]
fn unknown_field_and_enum_value_are_refused_by_name() {
    let f = set(base("civil", "defendant"), "/person/nickname", json!("x"));
    refused(&f.to_string(), "person", "unknown field `nickname`");
    let f = set(
        base("civil", "defendant"),
        "/incident/where",
        json!("corridor"),
    );
    refused(
        &f.to_string(),
        "incident.where",
        "unknown variant `corridor`",
    );
    let f = set(base("civil", "defendant"), "/case/kind", json!("military"));
    refused(&f.to_string(), "case.kind", "unknown variant");
}

#[test]
fn a_role_the_case_kind_does_not_know_is_refused() {
    refused(
        &base("civil", "defence_counsel").to_string(),
        "person.role",
        "not a role in a civil case",
    );
    refused(
        &base("administrative", "victim").to_string(),
        "person.role",
        "administrative",
    );
}

#[test]
fn impossible_facts_are_refused() {
    let male_pregnant = set(base("civil", "defendant"), "/person/pregnant", json!(true));
    refused(&male_pregnant.to_string(), "person.pregnant", "male");
    let unborn = set(
        base("civil", "defendant"),
        "/person/birth_date",
        json!("2027-01-01"),
    );
    refused(
        &unborn.to_string(),
        "person.birth_date",
        "after the incident date",
    );
    let group4 = set(
        base("civil", "defendant"),
        "/person/disability_group",
        json!(4),
    );
    refused(
        &group4.to_string(),
        "person.disability_group",
        "does not exist",
    );
    let early = set(
        base("civil", "defendant"),
        "/incident/date",
        json!("2014-12-31"),
    );
    refused(&early.to_string(), "incident.date", "before 2015-01-01");
    let bad_date = set(
        base("civil", "defendant"),
        "/incident/date",
        json!("2026-02-30"),
    );
    refused(&bad_date.to_string(), "incident.date", "YYYY-MM-DD");
    let jury = set(base("civil", "defendant"), "/case/jury", json!(true));
    refused(&jury.to_string(), "case.jury", "criminal");
    let measure = set(
        base("civil", "defendant"),
        "/history/measures_for_this_act",
        json!(["reprimand"]),
    );
    refused(
        &measure.to_string(),
        "history.measures_for_this_act[0]",
        "not a measure in a civil case",
    );
    let old_child = set(
        base("civil", "defendant"),
        "/person/youngest_child_age",
        json!(50),
    );
    refused(
        &old_child.to_string(),
        "person.youngest_child_age",
        "not less than",
    );
}

#[test]
fn a_role_message_says_an_administrative_case() {
    refused(
        &base("administrative", "victim").to_string(),
        "person.role",
        "not a role in an administrative case",
    );
}

#[test]
fn contradictory_history_is_refused_naming_both_fields() {
    let f = set(
        set(
            base("administrative", "claimant"),
            "/history/measures_for_this_act",
            json!(["reprimand"]),
        ),
        "/history/warned_in_hearing",
        json!(false),
    );
    refused(
        &f.to_string(),
        "history.warned_in_hearing",
        "history.measures_for_this_act lists 'reprimand'",
    );
}

#[test]
fn an_administrative_case_before_the_appc_is_refused() {
    // The APPC is in force from 2021-07-01; before that such a dispute was a civil case.
    let f = set(
        base("administrative", "claimant"),
        "/incident/date",
        json!("2021-06-30"),
    );
    refused(&f.to_string(), "case.kind", "heard under the CPC");
    let from = set(
        base("administrative", "claimant"),
        "/incident/date",
        json!("2021-07-01"),
    );
    assert_eq!(advise_stdin(&from.to_string()).status.code(), Some(0));
}

#[test]
fn new_facts_outside_their_setting_are_refused() {
    let juror = set(
        base("criminal", "witness"),
        "/incident/conduct",
        json!("insult_of_juror"),
    );
    refused(&juror.to_string(), "incident.conduct", "jury");
    let good_reason = set(
        base("civil", "witness"),
        "/incident/evasion_without_good_reason",
        json!(true),
    );
    refused(
        &good_reason.to_string(),
        "incident.evasion_without_good_reason",
        "evasion",
    );
    let appc_only = set(
        base("civil", "defendant"),
        "/history/earlier_measure_no_result",
        json!(true),
    );
    refused(
        &appc_only.to_string(),
        "history.earlier_measure_no_result",
        "only in an administrative case",
    );
    let amount_alone = set(
        base("administrative", "claimant"),
        "/history/earlier_penalty_mci",
        json!(20),
    );
    refused(
        &amount_alone.to_string(),
        "history.earlier_penalty_mci",
        "earlier_penalty_not_complied",
    );
    let citizenship = set(
        base("civil", "defendant"),
        "/person/citizenship",
        json!("martian"),
    );
    refused(
        &citizenship.to_string(),
        "person.citizenship",
        "unknown variant",
    );
}

#[test]
fn unreadable_facts_paths_are_refused() {
    let run = |path: &str| {
        Command::new(env!("CARGO_BIN_EXE_hattama"))
            .args(["advise", "--facts", path])
            .output()
            .expect("the binary runs")
    };
    let missing = run("/nonexistent/facts.json");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read facts file"));
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(dir.path().to_str().expect("utf-8 path"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("directory"));
}

#[test]
fn invalid_utf8_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("facts.json");
    std::fs::write(&path, b"{\"case\": \"\xff\"}").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_hattama"))
        .args(["advise", "--facts"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"));
}

#[test]
fn good_facts_give_the_json_contract() {
    let out = advise_stdin(&base("criminal", "witness").to_string());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(v["protocol_entry_required"], json!(true));
    let options = v["options"].as_array().expect("options");
    let penalty = options
        .iter()
        .find(|o| o["measure"] == "monetary_penalty")
        .expect("listed");
    for key in [
        "measure",
        "status",
        "basis",
        "act",
        "amount_mci",
        "amount_kzt",
        "max_hours",
        "max_days",
        "appeal",
        "reasons",
    ] {
        assert!(penalty.get(key).is_some(), "option has {key}");
    }
    assert_eq!(penalty["amount_kzt"], json!(50 * 4325));
    assert!(
        options
            .iter()
            .all(|o| o["basis"].as_array().is_some_and(|b| !b.is_empty()))
    );
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    let out_dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hattama"))
        .arg("demo")
        .arg("--out")
        .arg(out_dir.path().join("demo"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    // Close the reading end before the demo writes: the write meets a broken pipe.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("finishes");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}
