//! PostgreSQL through tokio-postgres: a small pool of connections, each with its prepared
//! statements, reconnecting when the server comes back.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls};

use super::{DbError, Row, Statement, Value};

struct Conn {
    client: Client,
    prepared: HashMap<&'static str, tokio_postgres::Statement>,
}

pub struct Pool {
    url: String,
    idle: Arc<Mutex<Vec<Conn>>>,
    permits: Semaphore,
}

/// A connection taken from the pool; it goes back when dropped, unless it broke.
struct Taken<'a> {
    conn: Option<Conn>,
    pool: &'a Pool,
}

impl Drop for Taken<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take()
            && !conn.client.is_closed()
            && let Ok(mut idle) = self.pool.idle.lock()
        {
            idle.push(conn);
        }
    }
}

fn map_err(e: tokio_postgres::Error) -> DbError {
    match e.code() {
        Some(c) if *c == SqlState::UNIQUE_VIOLATION => DbError::Conflict,
        Some(c)
            if c.code().starts_with("08")
                || c.code().starts_with("53")
                || c.code().starts_with("57")
                || *c == SqlState::READ_ONLY_SQL_TRANSACTION =>
        {
            DbError::Unavailable(format!("PostgreSQL {}", c.code()))
        }
        Some(c) => DbError::Other(format!("PostgreSQL {}", c.code())),
        None if e.is_closed() => DbError::Unavailable("the connection is closed".into()),
        None => DbError::Unavailable("PostgreSQL cannot be reached".into()),
    }
}

fn params(values: &[Value]) -> Vec<Box<dyn ToSql + Sync + Send>> {
    values
        .iter()
        .map(|v| -> Box<dyn ToSql + Sync + Send> {
            match v {
                Value::Text(s) => Box::new(s.clone()),
                Value::Int(n) => Box::new(*n),
                Value::Null => Box::new(Option::<String>::None),
            }
        })
        .collect()
}

impl Pool {
    pub fn new(url: &str, connections: usize) -> Pool {
        Pool {
            url: url.to_string(),
            idle: Arc::new(Mutex::new(Vec::new())),
            permits: Semaphore::new(connections.max(1)),
        }
    }

    async fn take(&self) -> Result<(Taken<'_>, tokio::sync::SemaphorePermit<'_>), DbError> {
        let permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| DbError::Unavailable("the pool is closed".into()))?;
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        let conn = match idle {
            Some(c) => c,
            None => {
                let (client, connection) = tokio_postgres::connect(&self.url, NoTls)
                    .await
                    .map_err(map_err)?;
                // The connection's I/O runs on its own task; it ends when the client is dropped
                // or the server goes away (then `is_closed` drops the client from the pool).
                tokio::spawn(async move {
                    let _ = connection.await;
                });
                Conn {
                    client,
                    prepared: HashMap::new(),
                }
            }
        };
        Ok((
            Taken {
                conn: Some(conn),
                pool: self,
            },
            permit,
        ))
    }

    async fn statement(
        conn: &mut Conn,
        sql: &'static str,
    ) -> Result<tokio_postgres::Statement, DbError> {
        if let Some(s) = conn.prepared.get(sql) {
            return Ok(s.clone());
        }
        let s = conn.client.prepare(sql).await.map_err(map_err)?;
        conn.prepared.insert(sql, s.clone());
        Ok(s)
    }

    pub async fn query(&self, sql: &'static str, values: Vec<Value>) -> Result<Vec<Row>, DbError> {
        let (mut taken, _permit) = self.take().await?;
        let conn = taken.conn.as_mut().ok_or(DbError::Conflict)?;
        let stmt = Self::statement(conn, sql).await?;
        let owned = params(&values);
        let refs: Vec<&(dyn ToSql + Sync)> = owned
            .iter()
            .map(|b| b.as_ref() as &(dyn ToSql + Sync))
            .collect();
        let rows = conn.client.query(&stmt, &refs).await.map_err(map_err)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut values = Vec::with_capacity(row.len());
            for (i, col) in row.columns().iter().enumerate() {
                let v = match *col.type_() {
                    tokio_postgres::types::Type::INT8 | tokio_postgres::types::Type::INT4 => {
                        let n: Option<i64> = if *col.type_() == tokio_postgres::types::Type::INT4 {
                            row.try_get::<_, Option<i32>>(i)
                                .map_err(map_err)?
                                .map(i64::from)
                        } else {
                            row.try_get(i).map_err(map_err)?
                        };
                        n.map_or(Value::Null, Value::Int)
                    }
                    _ => row
                        .try_get::<_, Option<String>>(i)
                        .map_err(map_err)?
                        .map_or(Value::Null, Value::Text),
                };
                values.push(v);
            }
            out.push(values);
        }
        Ok(out)
    }

    pub async fn write(&self, statements: Vec<Statement>) -> Result<(), DbError> {
        let (mut taken, _permit) = self.take().await?;
        let conn = taken.conn.as_mut().ok_or(DbError::Conflict)?;
        // One statement commits on its own (one round trip, like a bare INSERT); several run
        // inside BEGIN … COMMIT.
        let several = statements.len() > 1;
        if several {
            conn.client.batch_execute("BEGIN").await.map_err(map_err)?;
        }
        for (sql, values) in &statements {
            let stmt = Self::statement(conn, sql).await?;
            let owned = params(values);
            let refs: Vec<&(dyn ToSql + Sync)> = owned
                .iter()
                .map(|b| b.as_ref() as &(dyn ToSql + Sync))
                .collect();
            if let Err(e) = conn.client.execute(&stmt, &refs).await {
                if several {
                    let _ = conn.client.batch_execute("ROLLBACK").await;
                }
                return Err(map_err(e));
            }
        }
        if several {
            conn.client.batch_execute("COMMIT").await.map_err(map_err)?;
        }
        Ok(())
    }

    pub async fn batch(&self, script: String) -> Result<(), DbError> {
        let (mut taken, _permit) = self.take().await?;
        let conn = taken.conn.as_mut().ok_or(DbError::Conflict)?;
        // Statements prepared before a schema change may no longer describe the tables.
        conn.prepared.clear();
        let result = conn
            .client
            .batch_execute(&format!("BEGIN;\n{script}\nCOMMIT;"))
            .await;
        if result.is_err() {
            // A failed statement leaves the transaction aborted; end it before the connection
            // serves anyone else.
            let _ = conn.client.batch_execute("ROLLBACK").await;
        }
        result.map_err(|e| {
            let err = map_err(e);
            match err {
                DbError::Other(code) => DbError::Schema(format!("migration failed ({code})")),
                other => other,
            }
        })
    }
}
