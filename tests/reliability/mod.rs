//! Reliability: fuzzing of every parser that reads outside input, a corpus of bad inputs run
//! through the real binary, and writes that fail as on a full disk. (The SIGKILL crash test
//! lives with the journal tests; `scripts/crash-test` runs it 1000 times.)

mod bad_input;
mod campaign;
mod disk_full;
mod fuzz;
mod mutate;
