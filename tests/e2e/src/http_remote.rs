//! A small server that implements docs/SYNC-HTTP.md, for the HTTP remote's tests: pull by checkpoint,
//! push with conflict detection against the assumed master state, a bearer token, and CORS so the app on
//! another port may call it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use partner_accounts::sync::wire::{HttpDoc, PullAnswer, PushRow};
use serde_json::{json, Value};
use tiny_http::{Header, Method, Request, Response, Server};

/// Documents by id with the sequence number of their last write.
#[derive(Default)]
struct Master {
    docs: BTreeMap<String, (HttpDoc, u64)>,
    seq: u64,
}

/// The test server, on a free port of 127.0.0.1 until dropped.
pub struct HttpSyncServer {
    server: Arc<Server>,
    thread: Option<JoinHandle<()>>,
    master: Arc<Mutex<Master>>,
    pub url: String,
}

impl HttpSyncServer {
    /// Starts a server that wants `Authorization: Bearer <token>`.
    pub fn start(token: &str) -> HttpSyncServer {
        let server = Arc::new(Server::http("127.0.0.1:0").expect("bind"));
        let url = format!("http://{}", server.server_addr().to_ip().expect("ip address"));
        let master = Arc::new(Mutex::new(Master::default()));
        let (s, m, token) = (server.clone(), master.clone(), format!("Bearer {token}"));
        let thread = std::thread::spawn(move || {
            for request in s.incoming_requests() {
                handle(request, &m, &token);
            }
        });
        HttpSyncServer { server, thread: Some(thread), master, url }
    }

    /// The current version of document `id`.
    pub fn doc(&self, id: &str) -> Option<HttpDoc> {
        self.master.lock().unwrap().docs.get(id).map(|(d, _)| d.clone())
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

fn handle(mut request: Request, master: &Mutex<Master>, token: &str) {
    if request.method() == &Method::Options {
        return reply(request, 204, &Value::Null);
    }
    let authorized = request.headers().iter().any(|h| h.field.equiv("Authorization") && h.value.as_str() == token);
    if !authorized {
        return reply(request, 401, &json!({ "error": "unauthorized", "reason": "a valid bearer token is needed" }));
    }
    let url = url::Url::parse(&format!("http://x{}", request.url())).expect("url");
    match (request.method().clone(), url.path()) {
        (Method::Get, "/pull") => {
            let query: BTreeMap<String, String> = url.query_pairs().into_owned().collect();
            let checkpoint: Value =
                query.get("checkpoint").and_then(|c| serde_json::from_str(c).ok()).unwrap_or(Value::Null);
            let since = checkpoint["seq"].as_u64().unwrap_or(0);
            let limit: usize = query.get("limit").and_then(|l| l.parse().ok()).unwrap_or(100);
            let master = master.lock().unwrap();
            let mut changed: Vec<&(HttpDoc, u64)> = master.docs.values().filter(|(_, s)| *s > since).collect();
            changed.sort_by_key(|(_, s)| *s);
            changed.truncate(limit);
            let last = changed.last().map(|(_, s)| *s).unwrap_or(since);
            let answer = PullAnswer {
                documents: changed.into_iter().map(|(d, _)| d.clone()).collect(),
                checkpoint: json!({ "seq": last }),
            };
            reply(request, 200, &serde_json::to_value(answer).unwrap())
        }
        (Method::Post, "/push") => {
            let mut body = String::new();
            let _ = request.as_reader().read_to_string(&mut body);
            let Ok(rows) = serde_json::from_str::<Vec<PushRow>>(&body) else {
                return reply(request, 400, &json!({ "error": "bad_request", "reason": "not a list of push rows" }));
            };
            let mut master = master.lock().unwrap();
            let mut conflicts = Vec::new();
            for row in rows {
                let id = row.new_document_state.id.to_string();
                let current = master.docs.get(&id).map(|(d, _)| d.clone());
                let assumed = row.assumed_master_state.as_ref().map(|a| a.rev.clone());
                match current {
                    Some(c) if Some(&c.rev) != assumed.as_ref() => conflicts.push(c),
                    _ => {
                        master.seq += 1;
                        let seq = master.seq;
                        master.docs.insert(id, (row.new_document_state, seq));
                    }
                }
            }
            reply(request, 200, &serde_json::to_value(conflicts).unwrap())
        }
        _ => reply(request, 404, &json!({ "error": "not_found" })),
    }
}
