//! The HTTP pull/push remote of docs/SYNC-HTTP.md (the convention RxDB's HTTP replication uses):
//! `GET {base}/pull?checkpoint=&limit=` → `{documents, checkpoint}`, `POST {base}/push` with
//! `[{assumedMasterState, newDocumentState}]` → the conflicting master documents. The remote keeps no
//! checkpoints for clients; live updates poll.

use gloo_net::http::Request;
use serde_json::Value;

use super::doc::DocId;
use super::remote::{Fetched, PullPage, PushDoc, PushResult, Remote, RemoteError};
use super::settings::SyncSettings;
use super::transport::{encode, Transport};
use super::wire::{push_row, HttpDoc, PullAnswer, PushRow};

/// An HTTP pull/push endpoint as a remote.
#[derive(Debug)]
pub struct HttpRemote {
    transport: Transport,
    base: String,
}

impl HttpRemote {
    /// The endpoint of `settings`, signing in with `secret`.
    pub fn new(settings: &SyncSettings, secret: Option<&str>) -> HttpRemote {
        HttpRemote { transport: Transport::new(settings, secret), base: settings.base_url() }
    }
}

impl Remote for HttpRemote {
    async fn pull(&self, checkpoint: Option<&Value>, limit: usize, _contents: bool) -> Result<PullPage, RemoteError> {
        let cp = checkpoint.map(Value::to_string).unwrap_or_default();
        let url = format!("{}/pull?checkpoint={}&limit={limit}", self.base, encode(&cp));
        let answer: PullAnswer = self.transport.json::<_, ()>(Request::get(&url), None).await?;
        let more = answer.documents.len() >= limit;
        Ok(PullPage {
            docs: answer.documents.into_iter().map(Into::into).collect(),
            checkpoint: answer.checkpoint,
            more,
            ..PullPage::default()
        })
    }

    /// The protocol's pull always sends contents, so nothing is ever fetched by id.
    async fn fetch(&self, _ids: &[DocId]) -> Result<Fetched, RemoteError> {
        Ok(Fetched::default())
    }

    async fn push(&self, docs: &[PushDoc]) -> Result<PushResult, RemoteError> {
        let rows: Vec<PushRow> = docs.iter().map(push_row).collect();
        let url = format!("{}/push", self.base);
        let conflicts: Vec<HttpDoc> = self.transport.json(Request::post(&url), Some(&rows)).await?;
        let written = rows
            .iter()
            .filter(|r| !conflicts.iter().any(|c| c.id == r.new_document_state.id))
            .map(|r| (r.new_document_state.id, r.new_document_state.rev.clone()))
            .collect();
        Ok(PushResult { written, conflicts: conflicts.into_iter().map(Into::into).collect(), ..PushResult::default() })
    }

    async fn total(&self) -> Result<Option<u64>, RemoteError> {
        Ok(None)
    }

    async fn load_checkpoint(&self, local: Option<&Value>) -> Result<Option<Value>, RemoteError> {
        Ok(local.cloned())
    }

    async fn save_checkpoint(&self, _checkpoint: &Value) -> Result<(), RemoteError> {
        Ok(())
    }
}
