//! The HTTP routes (docs/archive.md lists them): thin handlers that read the request, call
//! [`Archive`], and answer JSON or text. Every request has come through mutual TLS; the
//! workstation is known by its certificate's serial number. The request log names the
//! method, the path (hearing keys are hashes), the status and the workstation — never a
//! query string, a body or a certificate subject, which can hold personal data.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any, get, post};
use journal::Hash;
use ledger::api::{self, PushRequest, code};
use pki::CertRole;
use serde::Deserialize;

use crate::archive::{Archive, Refusal};
use crate::records::{self, HearingQuery};
use crate::revocation::Admission;
use crate::witness::Witness;

/// The workstation a connection belongs to: its certificate's serial number (hex).
#[derive(Debug, Clone)]
pub struct Workstation(pub String);

/// Files the archive publishes to its workstations (PEM); the CRL is the one in use
/// ([`Admission`]), which may change while the archive runs.
#[derive(Debug, Clone, Default)]
pub struct Published {
    pub ca: String,
    pub archive_cert: String,
}

pub struct AppState {
    pub archive: Archive,
    pub published: Published,
    pub admission: Arc<Admission>,
    pub witness: Option<Witness>,
}

type App = State<Arc<AppState>>;

type Routes = Vec<(&'static str, MethodRouter<Arc<AppState>>)>;

/// What a courtroom computer calls: push and read hearings, receipts, alerts.
fn workstation_routes() -> Routes {
    vec![
        ("/v1/hearings", get(hearings_by_id)),
        ("/v1/cases", get(hearings_by_case)),
        ("/v1/hearings/{key}", get(hearing_journal)),
        ("/v1/hearings/{key}/head", get(head)),
        ("/v1/hearings/{key}/entries", post(push)),
        ("/v1/hearings/{key}/receipts", get(receipts)),
        ("/v1/alerts", get(alerts)),
    ]
}

/// What another archive calls: it submits its checkpoints to this one as to a witness.
fn archive_routes() -> Routes {
    vec![("/add-checkpoint", post(add_checkpoint))]
}

/// What both may read: the log's checkpoints and proofs, and the published certificates.
fn common_routes() -> Routes {
    vec![
        ("/v1/checkpoint", get(checkpoint)),
        ("/v1/checkpoints/{size}", get(checkpoint_at)),
        ("/v1/proof/consistency", get(consistency)),
        ("/v1/proof/inclusion", get(inclusion)),
        ("/v1/ca.pem", get(ca)),
        ("/v1/crl.pem", get(crl)),
        ("/v1/archive.pem", get(archive_cert)),
    ]
}

/// The routes a connection authenticated for `role` may use. The other role's routes answer
/// HTTP 403 `certificate_role`: a workstation does not submit checkpoints, another archive
/// does not push entries or read this court's hearings.
pub fn router(state: Arc<AppState>, role: CertRole) -> Router {
    let (own, others) = match role {
        CertRole::Archive => (archive_routes(), workstation_routes()),
        _ => (workstation_routes(), archive_routes()),
    };
    let mut r = Router::new();
    for (path, route) in common_routes().into_iter().chain(own) {
        r = r.route(path, route);
    }
    for (path, _) in others {
        let message = format!(
            "a certificate for the role {} may not call {path}",
            role.as_str()
        );
        r = r.route(
            path,
            any(move || {
                let message = message.clone();
                async move { refuse(403, code::CERTIFICATE_ROLE, message) }
            }),
        );
    }
    r.fallback(not_found)
        .layer(DefaultBodyLimit::max(api::MAX_REQUEST_BYTES))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// What a connection whose certificate is not for a role that may connect gets: every request
/// refused with the reason (the handshake itself succeeded: the certificate is the authority's).
pub fn refusing_router(reason: String) -> Router {
    Router::new().fallback(move || {
        let reason = reason.clone();
        async move {
            refuse(
                403,
                code::CERTIFICATE_ROLE,
                format!("this certificate may not connect to the archive ({reason})"),
            )
        }
    })
}

async fn log_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let who = req
        .extensions()
        .get::<Workstation>()
        .map(|w| w.0.clone())
        .unwrap_or_default();
    let response = next.run(req).await;
    eprintln!(
        "{} {method} {path} {} workstation={who} {}ms",
        chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(*self.body)).into_response()
    }
}

fn refuse(status: u16, error: &str, message: impl Into<String>) -> Response {
    Refusal::new(status, error, message).into_response()
}

fn bad_key() -> Response {
    refuse(
        400,
        code::MALFORMED_REQUEST,
        "a hearing key is 64 lowercase hex digits",
    )
}

fn text(body: String) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

async fn not_found() -> Response {
    refuse(404, code::NOT_FOUND, "no such endpoint")
}

async fn head(State(app): App, Path(key): Path<String>) -> Response {
    let Ok(key) = key.parse::<Hash>() else {
        return bad_key();
    };
    match app.archive.head(&key).await {
        Ok(h) => axum::Json(h).into_response(),
        Err(r) => r.into_response(),
    }
}

async fn push(
    State(app): App,
    axum::Extension(ws): axum::Extension<Workstation>,
    Path(key): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(key) = key.parse::<Hash>() else {
        return bad_key();
    };
    let body = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refuse(
                413,
                code::TOO_LARGE,
                format!(
                    "the request is larger than {} bytes",
                    api::MAX_REQUEST_BYTES
                ),
            );
        }
        Err(_) => {
            return refuse(
                400,
                code::MALFORMED_REQUEST,
                "the request body cannot be read",
            );
        }
    };
    // serde's messages can quote the offending text; say where, not what.
    let request: PushRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return refuse(
                400,
                code::MALFORMED_REQUEST,
                format!(
                    "the body is not {{\"lines\": [...]}} (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            );
        }
    };
    match app.archive.push(&key, request.lines, &ws.0).await {
        Ok(r) => axum::Json(r).into_response(),
        Err(r) => r.into_response(),
    }
}

async fn receipts(State(app): App, Path(key): Path<String>) -> Response {
    let Ok(key) = key.parse::<Hash>() else {
        return bad_key();
    };
    match app.archive.log.receipts_of(&app.archive.db, &key).await {
        Ok(records) => axum::Json(records).into_response(),
        Err(e) => Refusal::from(e).into_response(),
    }
}

async fn hearing_journal(State(app): App, Path(key): Path<String>) -> Response {
    let Ok(key) = key.parse::<Hash>() else {
        return bad_key();
    };
    match records::lines(&app.archive.db, &key).await {
        Ok(lines) if lines.is_empty() => {
            refuse(404, code::NOT_FOUND, "the archive holds no such hearing")
        }
        Ok(lines) => {
            let mut body = lines.join("\n");
            body.push('\n');
            text(body)
        }
        Err(e) => Refusal::from(e).into_response(),
    }
}

#[derive(Deserialize)]
struct CaseQuery {
    number: String,
}

#[derive(Deserialize)]
struct IdQuery {
    id: String,
}

async fn hearings_by_case(State(app): App, Query(q): Query<CaseQuery>) -> Response {
    listed(&app, HearingQuery::Case(&q.number)).await
}

async fn hearings_by_id(State(app): App, Query(q): Query<IdQuery>) -> Response {
    // A hearing key is accepted in place of an id.
    match q.id.parse::<Hash>() {
        Ok(key) if q.id.len() == 64 => listed(&app, HearingQuery::Key(&key)).await,
        _ => listed(&app, HearingQuery::Id(&q.id)).await,
    }
}

async fn listed(app: &AppState, by: HearingQuery<'_>) -> Response {
    match records::hearings(&app.archive.db, by).await {
        Ok(list) => axum::Json(list).into_response(),
        Err(e) => Refusal::from(e).into_response(),
    }
}

async fn checkpoint(State(app): App) -> Response {
    match app.archive.log.latest(&app.archive.db).await {
        Ok(Some((_, note))) => text(note),
        Ok(None) => refuse(404, code::NOT_FOUND, "the log holds no receipt yet"),
        Err(e) => Refusal::from(e).into_response(),
    }
}

async fn checkpoint_at(State(app): App, Path(size): Path<u64>) -> Response {
    match app.archive.log.checkpoint_at(&app.archive.db, size).await {
        Ok(Some(note)) => text(note),
        Ok(None) => refuse(404, code::NOT_FOUND, "no checkpoint of that size"),
        Err(e) => Refusal::from(e).into_response(),
    }
}

#[derive(Deserialize)]
struct Between {
    from: u64,
    to: u64,
}

async fn consistency(State(app): App, Query(q): Query<Between>) -> Response {
    match app
        .archive
        .log
        .consistency(&app.archive.db, q.from, q.to)
        .await
    {
        Ok(Some(c)) => axum::Json(c).into_response(),
        Ok(None) => refuse(404, code::NOT_FOUND, "no checkpoints of those sizes"),
        Err(e) => Refusal::from(e).into_response(),
    }
}

#[derive(Deserialize)]
struct Inclusion {
    index: u64,
    size: u64,
}

async fn inclusion(State(app): App, Query(q): Query<Inclusion>) -> Response {
    match app.archive.log.inclusion(q.index, q.size).await {
        Some(proof) => axum::Json(proof).into_response(),
        None => refuse(404, code::NOT_FOUND, "no such leaf in a tree of that size"),
    }
}

async fn alerts(State(app): App) -> Response {
    match records::alerts(&app.archive.db).await {
        Ok(a) => axum::Json(a).into_response(),
        Err(e) => Refusal::from(e).into_response(),
    }
}

async fn ca(State(app): App) -> Response {
    text(app.published.ca.clone())
}

async fn crl(State(app): App) -> Response {
    match app.admission.crl_pem() {
        Some(c) => text(c),
        None => refuse(
            404,
            code::NOT_FOUND,
            "the archive was started without a CRL",
        ),
    }
}

async fn archive_cert(State(app): App) -> Response {
    text(app.published.archive_cert.clone())
}

async fn add_checkpoint(State(app): App, body: Result<Bytes, BytesRejection>) -> Response {
    let Some(witness) = &app.witness else {
        return refuse(404, code::NOT_FOUND, "this archive is not a witness");
    };
    let Ok(body) = body else {
        return refuse(
            400,
            code::MALFORMED_REQUEST,
            "the request body cannot be read",
        );
    };
    let Ok(body) = std::str::from_utf8(&body) else {
        return refuse(400, code::MALFORMED_REQUEST, "the request is not UTF-8");
    };
    match witness.add_checkpoint(&app.archive.db, body).await {
        Ok(line) => text(line),
        Err((status, message)) => {
            let mut r = text(message);
            *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
            r
        }
    }
}
