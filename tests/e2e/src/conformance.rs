//! The conformance check of docs/SYNC-HTTP.md: what a partner runs against its own backend
//! (`./scripts/check-sync-server.sh <url> [token]`, no browser needed) before pointing the app at it. Every
//! point where a guess would lose or stall data is asked of the server: per-row push outcomes, `more`,
//! the instance, conflicts with the current state and the states stored since the assumed one, a push on a
//! document the server lacks, rows in order, malformed rows, deletes, 401 and CORS on error answers, large
//! bodies.
//!
//! It writes documents with ids `conformance:<uuid>` (a kind the app ignores once deleted) and deletes
//! them at the end.

use serde_json::{json, Value};
use uuid::Uuid;

/// One point checked, and what was wrong if it failed.
#[derive(Debug)]
pub struct Check {
    pub name: &'static str,
    pub outcome: Result<(), String>,
}

/// An answer: status, the `Access-Control-Allow-*` headers, and the body as JSON (`Null` if it is not).
struct Answer {
    status: u16,
    allow_origin: Option<String>,
    allow_headers: Option<String>,
    body: Value,
}

struct Client {
    base: String,
    token: Option<String>,
}

const ORIGIN: &str = "https://app.example.test";

impl Client {
    fn call(&self, method: &str, path: &str, body: Option<&Value>, auth: bool) -> Result<Answer, String> {
        let mut request = ureq::request(method, &format!("{}{path}", self.base))
            .set("Origin", ORIGIN)
            .set("Accept", "application/json");
        if let (true, Some(token)) = (auth, &self.token) {
            request = request.set("Authorization", &format!("Bearer {token}"));
        }
        if method == "OPTIONS" {
            request = request
                .set("Access-Control-Request-Method", "POST")
                .set("Access-Control-Request-Headers", "authorization, content-type");
        }
        let result = match body {
            Some(b) => request.send_json(b.clone()),
            None => request.call(),
        };
        let response = match result {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => return Err(format!("{method} {path}: no answer ({e})")),
        };
        let status = response.status();
        let allow_origin = response.header("Access-Control-Allow-Origin").map(String::from);
        let allow_headers = response.header("Access-Control-Allow-Headers").map(String::from);
        let body = response.into_json().unwrap_or(Value::Null);
        Ok(Answer { status, allow_origin, allow_headers, body })
    }

    fn get(&self, path: &str) -> Result<Answer, String> {
        self.call("GET", path, None, true)
    }

    /// Pushes `rows`; the outcomes, checked to be one per row in order.
    fn push(&self, rows: &[Value]) -> Result<Vec<Value>, String> {
        let answer = self.call("POST", "/push", Some(&Value::Array(rows.to_vec())), true)?;
        expect(answer.status == 200, format!("POST /push answered {}: {}", answer.status, answer.body))?;
        let results = answer.body["results"].as_array().cloned().ok_or("the push answer has no `results` list")?;
        expect(results.len() == rows.len(), format!("{} rows sent, {} outcomes answered", rows.len(), results.len()))?;
        for (row, result) in rows.iter().zip(&results) {
            let id = &row["newDocumentState"]["id"];
            expect(
                result["id"] == *id,
                format!("the outcome {result} answers the row of {id}: outcomes come in row order"),
            )?;
        }
        Ok(results)
    }

    /// Pulls from `checkpoint` with `limit`: (documents, checkpoint, more).
    fn pull(&self, checkpoint: &Value, limit: usize) -> Result<(Vec<Value>, Value, bool), String> {
        let cp = if checkpoint.is_null() { String::new() } else { checkpoint.to_string() };
        let path = format!(
            "/pull?checkpoint={}&limit={limit}",
            url::form_urlencoded::byte_serialize(cp.as_bytes()).collect::<String>()
        );
        let answer = self.get(&path)?;
        expect(answer.status == 200, format!("GET /pull answered {}: {}", answer.status, answer.body))?;
        let docs = answer.body["documents"].as_array().cloned().ok_or("the pull answer has no `documents` list")?;
        let more = answer.body["more"].as_bool().ok_or("the pull answer has no `more`: say whether more follows")?;
        expect(docs.len() <= limit, format!("{} documents answered for limit {limit}", docs.len()))?;
        Ok((docs, answer.body["checkpoint"].clone(), more))
    }

    /// Pulls everything after `checkpoint`; the documents and the last checkpoint.
    fn pull_all(&self, checkpoint: &Value, limit: usize) -> Result<(Vec<Value>, Value), String> {
        let (mut all, mut at) = (Vec::new(), checkpoint.clone());
        for _ in 0..100_000 {
            let (docs, next, more) = self.pull(&at, limit)?;
            all.extend(docs);
            at = next;
            if !more {
                return Ok((all, at));
            }
        }
        Err("the server kept saying `more` for 100,000 pages".into())
    }
}

fn expect(ok: bool, why: impl Into<String>) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(why.into())
    }
}

fn doc(id: &str, generation: u32, data: Option<Value>) -> Value {
    let mutation = Uuid::new_v4();
    json!({
        "id": id,
        "rev": format!("{generation}-{}", mutation.simple()),
        "deleted": data.is_none(),
        "mutation_id": mutation,
        "data": data,
    })
}

fn row(assumed: Option<&Value>, new: &Value) -> Value {
    json!({ "assumedMasterState": assumed, "newDocumentState": new })
}

fn status(outcome: &Value) -> &str {
    outcome["status"].as_str().unwrap_or_default()
}

/// Runs every check against the server at `base` (`token`: the bearer token it wants, if any).
pub fn check_server(base: &str, token: Option<&str>) -> Vec<Check> {
    let client = Client { base: base.trim_end_matches('/').to_string(), token: token.map(String::from) };
    let mut checks = Vec::new();
    let mut run = |name: &'static str, f: &mut dyn FnMut() -> Result<(), String>| {
        checks.push(Check { name, outcome: f() });
    };
    let ids: Vec<String> = (0..4).map(|_| format!("conformance:{}", Uuid::new_v4())).collect();
    let mut written: Vec<Value> = Vec::new();
    let mut tail = Value::Null;
    // The states of `ids[2]` before its current one, newest first, once rows in order wrote them.
    let mut before: Vec<Value> = Vec::new();

    run("GET /info names protocol 2 and a stable instance", &mut || {
        let first = client.get("/info")?;
        expect(first.status == 200, format!("GET /info answered {}", first.status))?;
        expect(first.body["protocol"] == 2, format!("protocol {} (2 expected)", first.body["protocol"]))?;
        let instance = first.body["instance"].as_str().filter(|i| !i.is_empty()).ok_or("no `instance`")?.to_string();
        let second = client.get("/info")?;
        expect(second.body["instance"] == instance.as_str(), "the instance changed between two calls")
    });
    run("answers carry CORS headers, preflights allow the app's headers", &mut || {
        let answer = client.get("/info")?;
        expect(answer.allow_origin.is_some(), "no Access-Control-Allow-Origin on GET /info")?;
        let pre = client.call("OPTIONS", "/push", None, false)?;
        expect((200..300).contains(&pre.status), format!("OPTIONS /push answered {}", pre.status))?;
        let origin = pre.allow_origin.unwrap_or_default();
        expect(origin == "*" || origin == ORIGIN, format!("preflight Access-Control-Allow-Origin: “{origin}”"))?;
        let headers = pre.allow_headers.unwrap_or_default().to_lowercase();
        let allowed = |h: &str| headers == "*" || headers.split(',').any(|x| x.trim() == h);
        expect(allowed("authorization") && allowed("content-type"), format!("preflight allows headers “{headers}”"))
    });
    if token.is_some() {
        run("a request without the token is answered 401, with CORS headers", &mut || {
            let answer = client.call("GET", "/pull?limit=1", None, false)?;
            expect(answer.status == 401, format!("answered {} (401 expected)", answer.status))?;
            expect(answer.allow_origin.is_some(), "the 401 has no Access-Control-Allow-Origin: the browser hides it")
        });
    }
    run("pull to the end: pages say `more` until the last", &mut || {
        let (_, at) = client.pull_all(&Value::Null, 1_000)?;
        tail = at;
        Ok(())
    });
    run("push of new documents: one `stored` outcome per row, in order", &mut || {
        written = ids.iter().map(|id| doc(id, 1, Some(json!({ "conformance_check": true, "name": id })))).collect();
        let rows: Vec<Value> = written.iter().map(|d| row(None, d)).collect();
        let outcomes = client.push(&rows)?;
        for outcome in outcomes {
            expect(status(&outcome) == "stored", format!("outcome {outcome} (stored expected)"))?;
        }
        Ok(())
    });
    run("pull after the checkpoint: the pushed documents, `more` while more follow, then nothing new", &mut || {
        let (first, next, more) = client.pull(&tail, 2)?;
        expect(first.len() == 2 && more, format!("{} documents and more = {more} (2 and true expected)", first.len()))?;
        let (rest, end) = client.pull_all(&next, 2)?;
        let got: Vec<Value> = first
            .into_iter()
            .chain(rest)
            .filter(|d| ids.contains(&d["id"].as_str().unwrap_or_default().to_string()))
            .collect();
        expect(got.len() == ids.len(), format!("{} of the {} pushed documents pulled back", got.len(), ids.len()))?;
        for d in &written {
            let back = got.iter().find(|g| g["id"] == d["id"]).ok_or("a pushed document is missing")?;
            for field in ["rev", "mutation_id", "data", "deleted"] {
                expect(back[field] == d[field], format!("{field} came back as {} (sent {})", back[field], d[field]))?;
            }
        }
        let (none, same, more) = client.pull(&end, 2)?;
        expect(
            none.is_empty() && !more,
            format!("nothing new should be 0 documents and more = false, got {} and {more}", none.len()),
        )?;
        tail = same;
        Ok(())
    });
    run("a push on a stale state is a conflict carrying the current state", &mut || {
        let stale = doc(&ids[0], 1, Some(json!({"conformance_check": true})));
        let outcomes =
            client.push(&[row(Some(&stale), &doc(&ids[0], 2, Some(json!({"conformance_check": "stale"}))))])?;
        expect(status(&outcomes[0]) == "conflict", format!("outcome {} (conflict expected)", outcomes[0]))?;
        expect(outcomes[0]["current"]["rev"] == written[0]["rev"], "the conflict does not carry the current state")
    });
    run("a push retried after a lost answer is a conflict with its own mutation id", &mut || {
        let outcomes = client.push(&[row(None, &written[1])])?;
        expect(status(&outcomes[0]) == "conflict", format!("outcome {} (conflict expected)", outcomes[0]))?;
        expect(
            outcomes[0]["current"]["mutation_id"] == written[1]["mutation_id"],
            "the current state lost its mutation_id",
        )
    });
    run("a push assuming a document the server lacks is `missing`, not stored", &mut || {
        let ghost = format!("conformance:{}", Uuid::new_v4());
        let assumed = doc(&ghost, 1, Some(json!({})));
        let outcomes =
            client.push(&[row(Some(&assumed), &doc(&ghost, 2, Some(json!({"conformance_check": true}))))])?;
        expect(status(&outcomes[0]) == "missing", format!("outcome {} (missing expected)", outcomes[0]))?;
        let (docs, _) = client.pull_all(&tail, 100)?;
        expect(!docs.iter().any(|d| d["id"] == ghost.as_str()), "it was stored anyway")
    });
    run("rows of one push are applied in order (the second builds on the first)", &mut || {
        let second = doc(&ids[2], 2, Some(json!({"conformance_check": 2})));
        let third = doc(&ids[2], 3, Some(json!({"conformance_check": 3})));
        let outcomes = client.push(&[row(Some(&written[2]), &second), row(Some(&second), &third)])?;
        for outcome in &outcomes {
            expect(status(outcome) == "stored", format!("outcome {outcome} (stored expected)"))?;
        }
        before = vec![second, std::mem::replace(&mut written[2], third)];
        Ok(())
    });
    run("a conflict carries the states stored since the one the push assumed (`earlier`)", &mut || {
        expect(!before.is_empty(), "not checked: the rows in order were not stored")?;
        let revs = |outcome: &Value| -> Vec<Value> {
            outcome["earlier"].as_array().into_iter().flatten().map(|d| d["rev"].clone()).collect()
        };
        let oldest = &before[1];
        let outcomes = client.push(&[
            row(Some(oldest), &doc(&ids[2], 2, Some(json!({"conformance_check": "on the oldest"})))),
            row(None, &doc(&ids[2], 1, Some(json!({"conformance_check": "as new"})))),
        ])?;
        let why = "without it a device whose push answer was lost, and whose change another device changed again \
                   since, asks the partner about its own older change (and “Keep this device's values” undoes the \
                   newer one)";
        expect(status(&outcomes[0]) == "conflict", format!("outcome {} (conflict expected)", outcomes[0]))?;
        expect(
            revs(&outcomes[0]) == [before[0]["rev"].clone()],
            format!(
                "`earlier` is {} (the one state stored since: {}); {why}",
                outcomes[0]["earlier"], before[0]["rev"]
            ),
        )?;
        let first = outcomes[0]["earlier"][0].clone();
        expect(
            first["mutation_id"] == before[0]["mutation_id"],
            format!("`earlier` has mutation_id {} (sent {})", first["mutation_id"], before[0]["mutation_id"]),
        )?;
        expect(
            first["data"].is_null() || first["data"] == before[0]["data"],
            format!("`earlier` has data {} (sent {}; or leave it out)", first["data"], before[0]["data"]),
        )?;
        let all: Vec<Value> = before.iter().map(|d| d["rev"].clone()).collect();
        expect(
            revs(&outcomes[1]) == all,
            format!(
                "assuming no state, `earlier` is {} (every state kept before the current one: {all:?})",
                outcomes[1]["earlier"]
            ),
        )
    });
    run("a malformed row is rejected with a reason, the others are not held up", &mut || {
        let fine = doc(&ids[3], 2, Some(json!({"conformance_check": "after a malformed row"})));
        let broken = json!({ "newDocumentState": { "id": format!("conformance:{}", Uuid::new_v4()) } });
        let outcomes = client.push(&[broken, row(Some(&written[3]), &fine)])?;
        expect(status(&outcomes[0]) == "rejected", format!("outcome {} (rejected expected)", outcomes[0]))?;
        expect(outcomes[0]["reason"].as_str().is_some_and(|r| !r.is_empty()), "the rejection gives no reason")?;
        expect(status(&outcomes[1]) == "stored", format!("outcome {} (stored expected)", outcomes[1]))?;
        written[3] = fine;
        Ok(())
    });
    run("a body that is not a list of rows is answered 400", &mut || {
        let answer = client.call("POST", "/push", Some(&json!({"rows": []})), true)?;
        expect(answer.status == 400, format!("answered {} (400 expected)", answer.status))
    });
    run("a large body is stored or answered 413, never failed", &mut || {
        let big = doc(&ids[0], 2, Some(json!({"conformance_check": "x".repeat(5 * 1024 * 1024)})));
        let answer = client.call("POST", "/push", Some(&Value::Array(vec![row(Some(&written[0]), &big)])), true)?;
        match answer.status {
            413 => Ok(()),
            200 if status(&answer.body["results"][0]) == "stored" => {
                written[0] = big;
                Ok(())
            }
            other => Err(format!("answered {other}: {}", answer.body)),
        }
    });
    run("deletes are tombstones, pulled like any change", &mut || {
        let tombstones: Vec<Value> =
            written.iter().map(|d| doc(d["id"].as_str().unwrap_or_default(), 9, None)).collect();
        let rows: Vec<Value> = written.iter().zip(&tombstones).map(|(d, t)| row(Some(d), t)).collect();
        for outcome in client.push(&rows)? {
            expect(status(&outcome) == "stored", format!("outcome {outcome} (stored expected)"))?;
        }
        let (docs, _) = client.pull_all(&tail, 100)?;
        for id in &ids {
            let found = docs.iter().find(|d| d["id"] == id.as_str()).ok_or("a deleted document was not pulled")?;
            expect(found["deleted"] == true, format!("{id} was pulled as {found}"))?;
        }
        Ok(())
    });
    checks
}
