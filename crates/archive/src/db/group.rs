//! Group commit: writes that arrive while others are being committed go to the database
//! together, in one transaction and one flush to disk, and each writer is answered only once
//! that transaction is durable.
//!
//! A courtroom pushes an entry at a time and waits for the acknowledgement; a region's
//! courtrooms push at once. Committed one transaction each, every entry pays a commit's round
//! trips and its own flush of the write-ahead log; grouped, concurrent entries share them
//! (docs/archive.md, "Measured"). A lone write is committed at once, as before: nothing waits
//! for company.
//!
//! Each write keeps its own outcome. A backend commits a group as a whole when every write in
//! it succeeds; when one is refused (a conflict: another writer stored that row first) the
//! others must not fail with it, so the backend isolates the refused one (`sqlite`: a
//! savepoint per write; `postgres`: the group again, one transaction per write).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use tokio::sync::{Mutex, mpsc, oneshot};

use super::{DbError, Statement};

/// The most writes committed together; more wait for the next group.
pub const MAX_GROUP: usize = 64;

/// One writer's statements, applied atomically.
pub type Write = Vec<Statement>;

/// What a backend does with a group: one outcome per write, in order, each durable if `Ok`.
pub type CommitFn = Arc<
    dyn Fn(Vec<Write>) -> Pin<Box<dyn Future<Output = Vec<Result<(), DbError>>> + Send>>
        + Send
        + Sync,
>;

struct Job {
    write: Write,
    answer: oneshot::Sender<Result<(), DbError>>,
}

/// The queue of writes and the committers that drain it.
pub struct Group {
    jobs: mpsc::UnboundedSender<Job>,
}

impl Group {
    /// Start `committers` tasks on the current runtime. Several let one group form while
    /// another is being flushed; they stop when the `Group` is dropped.
    pub fn start(committers: usize, commit: CommitFn) -> Group {
        let (jobs, queue) = mpsc::unbounded_channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for _ in 0..committers.max(1) {
            let queue = queue.clone();
            let commit = commit.clone();
            tokio::spawn(async move {
                while let Some(group) = next_group(&queue).await {
                    let (writes, answers): (Vec<Write>, Vec<_>) =
                        group.into_iter().map(|j| (j.write, j.answer)).unzip();
                    let n = writes.len();
                    let mut outcomes = commit(writes).await.into_iter();
                    for answer in answers {
                        let outcome = outcomes.next().unwrap_or_else(|| {
                            Err(DbError::Other(format!(
                                "a group of {n} writes lost an answer"
                            )))
                        });
                        // A writer that gave up waiting has nothing to be told.
                        let _ = answer.send(outcome);
                    }
                }
            });
        }
        Group { jobs }
    }

    /// Apply `write` as one transaction, durable when this returns `Ok`.
    pub async fn write(&self, write: Write) -> Result<(), DbError> {
        let (answer, answered) = oneshot::channel();
        self.jobs
            .send(Job { write, answer })
            .map_err(|_| DbError::Unavailable("the archive's writer has stopped".into()))?;
        answered
            .await
            .map_err(|_| DbError::Unavailable("the archive's writer has stopped".into()))?
    }
}

/// Wait for one write, then take every write already queued behind it (up to [`MAX_GROUP`]).
async fn next_group(queue: &Mutex<mpsc::UnboundedReceiver<Job>>) -> Option<Vec<Job>> {
    let mut queue = queue.lock().await;
    let first = queue.recv().await?;
    let mut group = vec![first];
    while group.len() < MAX_GROUP {
        match queue.try_recv() {
            Ok(job) => group.push(job),
            Err(_) => break,
        }
    }
    Some(group)
}
