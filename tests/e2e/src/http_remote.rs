//! The suite's server of docs/SYNC-HTTP.md (protocol 2), for the HTTP remote's tests: `/info` with an
//! instance id, pull by checkpoint saying whether more follows, push with one outcome per row (stored,
//! conflict with the current state and the states stored since the one the row assumed, missing, rejected),
//! a bearer token, a body limit (413), and CORS on every answer, errors included, so the app on another port
//! may call it and read its errors. It can also store pushes and lose their answers (a gateway's 502 after
//! the backend stored), as a train's tunnel does.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use partner_accounts::sync::wire::{HttpDoc, PullAnswer, PushAnswer, PushOutcome, PushRow, ServerInfo};
use serde_json::{json, Value};
use tiny_http::{Header, Method, Request, Response, Server};

/// The largest push body accepted, in bytes (larger ones are answered 413).
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The states of a document kept before its current one, for conflict answers.
const EARLIER_KEPT: usize = 10;

/// A document's current state, the sequence number of its last write, and its states before, newest first.
struct Entry {
    doc: HttpDoc,
    seq: u64,
    earlier: Vec<HttpDoc>,
}

/// Documents by id, the last sequence number, the id of this store of documents, and whether earlier
/// states keep their contents.
struct Master {
    docs: BTreeMap<String, Entry>,
    seq: u64,
    instance: String,
    old_contents: bool,
}

impl Master {
    fn new() -> Master {
        Master { docs: BTreeMap::new(), seq: 0, instance: uuid::Uuid::new_v4().to_string(), old_contents: true }
    }
}

/// The test server, on a free port of 127.0.0.1 until dropped.
pub struct HttpSyncServer {
    server: Arc<Server>,
    thread: Option<JoinHandle<()>>,
    master: Arc<Mutex<Master>>,
    /// Every how many pushes an answer is lost (0: none).
    lose_every: Arc<AtomicU64>,
    /// How many push answers were lost so far.
    lost: Arc<AtomicU64>,
    pub url: String,
}

impl HttpSyncServer {
    /// Starts a server that wants `Authorization: Bearer <token>`.
    pub fn start(token: &str) -> HttpSyncServer {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("bind"));
        let url = format!("http://{}", server.server_addr().to_ip().expect("ip address"));
        let (master, lose_every) = (Arc::new(Mutex::new(Master::new())), Arc::new(AtomicU64::new(0)));
        let lost = Arc::new(AtomicU64::new(0));
        let (s, m, lose, lost_count) = (server.clone(), master.clone(), lose_every.clone(), lost.clone());
        let token = format!("Bearer {token}");
        let thread = std::thread::spawn(move || {
            let mut pushes = 0u64;
            for request in s.incoming_requests() {
                let every = lose.load(Ordering::SeqCst);
                let push = request.method() == &Method::Post;
                pushes += u64::from(push);
                let lose = push && every > 0 && pushes.is_multiple_of(every);
                lost_count.fetch_add(u64::from(lose), Ordering::SeqCst);
                handle(request, &m, &token, lose);
            }
        });
        HttpSyncServer { server, thread: Some(thread), master, lose_every, lost, url }
    }

    /// The current version of document `id`.
    pub fn doc(&self, id: &str) -> Option<HttpDoc> {
        self.master.lock().unwrap().docs.get(id).map(|e| e.doc.clone())
    }

    /// From now on every `every`-th push (1: every push; 0: none) is handled as always and answered 502, as
    /// by a gateway that timed out after the server stored: the device cannot know what was stored.
    pub fn lose_push_answers(&self, every: u64) {
        self.lose_every.store(every, Ordering::SeqCst);
    }

    /// From now on earlier states are kept without their contents (as a backend may, to save space): a
    /// conflict names them by the changes that wrote them.
    pub fn keep_no_old_contents(&self) {
        self.master.lock().unwrap().old_contents = false;
    }

    /// How many push answers were lost so far.
    pub fn answers_lost(&self) -> u64 {
        self.lost.load(Ordering::SeqCst)
    }

    /// The current version of every document.
    pub fn docs(&self) -> Vec<HttpDoc> {
        self.master.lock().unwrap().docs.values().map(|e| e.doc.clone()).collect()
    }

    /// Loses every document, as a server restored from nothing does: a new instance.
    pub fn lose_everything(&self) {
        *self.master.lock().unwrap() = Master::new();
    }
}

impl Drop for HttpSyncServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header")
}

fn reply(request: Request, status: u16, body: &Value) {
    let response = Response::from_string(body.to_string())
        .with_status_code(status)
        .with_header(header("Content-Type", "application/json"))
        .with_header(header("Access-Control-Allow-Origin", "*"))
        .with_header(header("Access-Control-Allow-Headers", "authorization, content-type, accept"))
        .with_header(header("Access-Control-Allow-Methods", "GET, POST, OPTIONS"));
    let _ = request.respond(response);
}

fn handle(mut request: Request, master: &Mutex<Master>, token: &str, lose_answers: bool) {
    if request.method() == &Method::Options {
        return reply(request, 204, &Value::Null);
    }
    let authorized = request.headers().iter().any(|h| h.field.equiv("Authorization") && h.value.as_str() == token);
    if !authorized {
        return reply(request, 401, &json!({ "error": "unauthorized", "reason": "a valid bearer token is needed" }));
    }
    let url = url::Url::parse(&format!("http://x{}", request.url())).expect("url");
    match (request.method().clone(), url.path()) {
        (Method::Get, "/info") => {
            let m = master.lock().unwrap();
            let info = ServerInfo { protocol: 2, instance: m.instance.clone(), documents: Some(m.docs.len() as u64) };
            reply(request, 200, &serde_json::to_value(info).unwrap())
        }
        (Method::Get, "/pull") => {
            let query: BTreeMap<String, String> = url.query_pairs().into_owned().collect();
            let checkpoint: Value =
                query.get("checkpoint").and_then(|c| serde_json::from_str(c).ok()).unwrap_or(Value::Null);
            let since = checkpoint["seq"].as_u64().unwrap_or(0);
            let limit: usize = query.get("limit").and_then(|l| l.parse().ok()).unwrap_or(100).max(1);
            let master = master.lock().unwrap();
            let mut changed: Vec<&Entry> = master.docs.values().filter(|e| e.seq > since).collect();
            changed.sort_by_key(|e| e.seq);
            let more = changed.len() > limit;
            changed.truncate(limit);
            let last = changed.last().map(|e| e.seq).unwrap_or(since);
            let answer = PullAnswer {
                documents: changed.into_iter().map(|e| e.doc.clone()).collect(),
                checkpoint: json!({ "seq": last }),
                more,
            };
            reply(request, 200, &serde_json::to_value(answer).unwrap())
        }
        (Method::Post, "/push") => {
            let mut body = String::new();
            let _ = request.as_reader().read_to_string(&mut body);
            if body.len() > BODY_LIMIT {
                return reply(
                    request,
                    413,
                    &json!({ "error": "too_large", "reason": "the body is larger than 4 MiB" }),
                );
            }
            let Ok(Value::Array(rows)) = serde_json::from_str::<Value>(&body) else {
                return reply(request, 400, &json!({ "error": "bad_request", "reason": "not a list of push rows" }));
            };
            let mut master = master.lock().unwrap();
            let results = rows.into_iter().map(|row| push_one(&mut master, row)).collect();
            if lose_answers {
                return reply(request, 502, &json!({ "error": "bad_gateway", "reason": "the answer was lost" }));
            }
            reply(request, 200, &serde_json::to_value(PushAnswer { results }).unwrap())
        }
        _ => reply(request, 404, &json!({ "error": "not_found" })),
    }
}

/// One row, checked against the state earlier rows of the same push left. A conflict carries the states
/// stored before the current one since the state the row assumed (all kept, when the server has no such
/// state).
fn push_one(master: &mut Master, row: Value) -> PushOutcome {
    let id = row.pointer("/newDocumentState/id").and_then(Value::as_str).unwrap_or_default().to_string();
    let Ok(row) = serde_json::from_value::<PushRow>(row) else {
        return PushOutcome::Rejected { id, reason: "not a push row".into() };
    };
    let assumed = row.assumed_master_state.map(|a| a.rev);
    match master.docs.get(&id) {
        Some(e) if Some(&e.doc.rev) != assumed.as_ref() => {
            let earlier = e.earlier.iter().take_while(|d| Some(&d.rev) != assumed.as_ref()).cloned().collect();
            PushOutcome::Conflict { id, current: e.doc.clone(), earlier }
        }
        None if assumed.is_some() => PushOutcome::Missing { id },
        _ => {
            master.seq += 1;
            let seq = master.seq;
            let old_contents = master.old_contents;
            let before = |doc: HttpDoc| if old_contents { doc } else { HttpDoc { data: None, ..doc } };
            let mut earlier =
                master.docs.remove(&id).map(|e| [vec![before(e.doc)], e.earlier].concat()).unwrap_or_default();
            earlier.truncate(EARLIER_KEPT);
            master.docs.insert(id.clone(), Entry { doc: row.new_document_state, seq, earlier });
            PushOutcome::Stored { id }
        }
    }
}
