//! The HTTP pull/push remote of docs/SYNC-HTTP.md (protocol 2, after the convention RxDB's HTTP
//! replication uses): `GET {base}/info` names the server's store of documents, `GET {base}/pull` →
//! `{documents, checkpoint, more}`, `POST {base}/push` with `[{assumedMasterState, newDocumentState}]` →
//! one outcome per row. Nothing is inferred from silence: a row is stored only when the answer says so, and
//! pages follow only while the answer says `more`. The checkpoint is kept together with the server's
//! instance, so a server that lost its documents is noticed and sync starts over; a body too large (413)
//! is sent again in halves. Live updates poll.

use std::cell::RefCell;

use gloo_net::http::Request;
use serde_json::{json, Value};

use super::doc::{DocId, RemoteDoc};
use super::remote::{Fetched, PullPage, PushDoc, PushResult, Remote, RemoteError};
use super::settings::SyncSettings;
use super::transport::{encode, Transport};
use super::wire::{ancestors, push_row, PullAnswer, PushAnswer, PushOutcome, PushRow, Read, ServerInfo, HTTP_PROTOCOL};

/// An HTTP pull/push endpoint as a remote.
#[derive(Debug)]
pub struct HttpRemote {
    transport: Transport,
    base: String,
    /// What `/info` said, once asked.
    info: RefCell<Option<ServerInfo>>,
}

impl HttpRemote {
    /// The endpoint of `settings`, signing in with `secret`.
    pub fn new(settings: &SyncSettings, secret: Option<&str>) -> HttpRemote {
        HttpRemote { transport: Transport::new(settings, secret), base: settings.base_url(), info: RefCell::new(None) }
    }

    /// The server's `/info`, asked once per remote.
    async fn info(&self) -> Result<ServerInfo, RemoteError> {
        if let Some(info) = self.info.borrow().clone() {
            return Ok(info);
        }
        let url = format!("{}/info", self.base);
        let info: ServerInfo = self.transport.json::<_, ()>(Request::get(&url), None).await.map_err(|e| match e {
            RemoteError::Http { status: 404, .. } => RemoteError::Protocol(format!(
                "{url} is missing: the server does not speak protocol {HTTP_PROTOCOL} of docs/SYNC-HTTP.md"
            )),
            other => other,
        })?;
        if info.protocol != HTTP_PROTOCOL {
            return Err(RemoteError::Protocol(format!(
                "the server speaks protocol {}, this app protocol {HTTP_PROTOCOL}",
                info.protocol
            )));
        }
        *self.info.borrow_mut() = Some(info.clone());
        Ok(info)
    }

    /// Sends `rows`; a body the server finds too large (413) goes again in halves.
    async fn push_rows(&self, rows: &[PushRow]) -> Result<Vec<PushOutcome>, RemoteError> {
        let url = format!("{}/push", self.base);
        match self.transport.json::<PushAnswer, _>(Request::post(&url), Some(rows)).await {
            Err(RemoteError::Http { status: 413, .. }) if rows.len() > 1 => {
                let (first, second) = rows.split_at(rows.len() / 2);
                let mut outcomes = Box::pin(self.push_rows(first)).await?;
                outcomes.extend(Box::pin(self.push_rows(second)).await?);
                Ok(outcomes)
            }
            Err(RemoteError::Http { status: 413, .. }) => Err(RemoteError::Protocol(format!(
                "the server finds {} too large to store",
                rows.first().map(|r| r.new_document_state.id.as_str()).unwrap_or_default()
            ))),
            Err(e) => Err(e),
            Ok(answer) => Ok(answer.results),
        }
    }
}

impl Remote for HttpRemote {
    async fn pull(&self, checkpoint: Option<&Value>, limit: usize, _contents: bool) -> Result<PullPage, RemoteError> {
        let info = self.info().await?;
        let server = checkpoint.and_then(|c| c.get("server")).map(Value::to_string).unwrap_or_default();
        let url = format!("{}/pull?checkpoint={}&limit={limit}", self.base, encode(&server));
        let answer: PullAnswer = self.transport.json::<_, ()>(Request::get(&url), None).await?;
        let mut page = PullPage {
            checkpoint: json!({ "instance": info.instance, "server": answer.checkpoint }),
            more: answer.more,
            ..PullPage::default()
        };
        for doc in answer.documents {
            match doc.read() {
                Read::Doc(doc) => page.docs.push(doc),
                Read::Unusable(unusable) => page.unusable.push(unusable),
                Read::Ignored => {}
            }
        }
        Ok(page)
    }

    /// The protocol's pull always sends contents, so nothing is ever fetched by id.
    async fn fetch(&self, _ids: &[DocId]) -> Result<Fetched, RemoteError> {
        Ok(Fetched::default())
    }

    async fn push(&self, docs: &[PushDoc]) -> Result<PushResult, RemoteError> {
        let rows: Vec<PushRow> =
            docs.iter().map(push_row).collect::<Result<_, _>>().map_err(|e| RemoteError::Protocol(e.to_string()))?;
        let outcomes = self.push_rows(&rows).await?;
        if outcomes.len() != rows.len() {
            return Err(RemoteError::Protocol(format!(
                "the push answer names {} of {} documents; every row needs its outcome",
                outcomes.len(),
                rows.len()
            )));
        }
        let mut result = PushResult::default();
        for ((doc, row), outcome) in docs.iter().zip(&rows).zip(outcomes) {
            if outcome.id() != row.new_document_state.id {
                return Err(RemoteError::Protocol(format!(
                    "the push answer's outcome for {} comes where {} was sent",
                    outcome.id(),
                    row.new_document_state.id
                )));
            }
            match outcome {
                PushOutcome::Stored { .. } => result.written.push((doc.id, row.new_document_state.rev.clone())),
                PushOutcome::Conflict { current, earlier, .. } => match current.read() {
                    Read::Doc(current) => result.conflicts.push(RemoteDoc { ancestors: ancestors(earlier), ..current }),
                    Read::Unusable(unusable) => result.unusable.push(unusable),
                    Read::Ignored => result.missing.push(doc.id),
                },
                PushOutcome::Missing { .. } => result.missing.push(doc.id),
                PushOutcome::Rejected { id, reason } => {
                    return Err(RemoteError::Http { status: 0, reason: format!("{id} refused: {reason}") })
                }
            }
        }
        Ok(result)
    }

    async fn total(&self) -> Result<Option<u64>, RemoteError> {
        Ok(self.info().await?.documents)
    }

    /// The stored checkpoint holds while the server's store is the one it was made with.
    async fn load_checkpoint(&self, local: Option<&Value>) -> Result<Option<Value>, RemoteError> {
        let info = self.info().await?;
        Ok(local.filter(|l| l.get("instance").and_then(Value::as_str) == Some(info.instance.as_str())).cloned())
    }

    async fn save_checkpoint(&self, _checkpoint: &Value) -> Result<(), RemoteError> {
        Ok(())
    }
}
