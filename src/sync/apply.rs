//! Applying remote versions to this device, written once for every store: [`plan`] decides per document
//! (pure), [`apply_page`] reads the local side of a page, makes the planned writes through the store's
//! [`PageWriter`] and commits them with the checkpoint — one transaction per page.
//!
//! Rules, in order: a version this device has (same revision, same losing leaves) changes nothing; losing
//! leaves are merged into the winner ([`super::branches`]) and the merge is queued to be written back; a
//! version that can't be read is set aside, never dropped, and the local record stays as it is; a customer
//! whose primary domain another customer holds here is set aside; a version that breaks a rule of the wizard
//! is stored and set aside as `stored`, so every device holds the same and the partner sees what to fix; a
//! remote delete of a record this device has is written to the activity log.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

use serde_json::Value;
use uuid::Uuid;

use super::branches::{fold, Folded};
use super::decide::{decide, Conflict, LocalDoc, Outcome, Write};
use super::doc::{Body, DocId, Kind, RemoteDoc, SyncState};
use super::held::{Reason, SetAside, Unusable};
use super::local::{LocalError, LocalSide, PageWriter, SyncStore, Wanted};
use super::merge::FieldConflict;
use super::records::{label, Record};
use crate::domain::activity::{Action, ActivityEntry};
use crate::domain::outbox::{Op, OutboxEntry};
use crate::domain::timestamp::Timestamp;

/// Who the activity log names for what sync did on its own.
pub const SYNC_USER: &str = "Sync";

/// What applying a set of remote versions did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    /// Local records written or removed.
    pub changed: usize,
    /// Versions this device had already.
    pub unchanged: usize,
    /// Outbox entries settled (this device's own pushes coming back).
    pub settled: usize,
    /// Documents now in conflict.
    pub conflicts: usize,
    /// Documents set aside by this page (stored or not).
    pub set_aside: usize,
    /// Documents whose losing leaves were merged here.
    pub merged_branches: usize,
    /// The records written or removed, so lists update only those.
    pub changed_ids: Vec<DocId>,
}

/// What to do with the local record.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordWrite {
    Keep,
    /// Store this record; the text is its JSON when it is the remote's content as it came.
    Put(Record),
    Delete,
}

/// Every write for one remote version.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub record: RecordWrite,
    /// The new sync state (`None`: unchanged).
    pub state: Option<SyncState>,
    /// The JSON text of the record, when the record and the state's base are the remote's content as it came.
    pub taken_text: Option<String>,
    pub settled: Vec<Uuid>,
    /// The document's conflict afterwards (`None`: none).
    pub conflict: Option<Conflict>,
    pub outcome: Outcome,
    /// Set the document aside for this reason (stored too when the reason says so).
    pub hold: Option<Reason>,
    /// Queue a push: merged losing leaves must be written back.
    pub queue: bool,
    /// An activity entry to write.
    pub log: Option<(Action, String)>,
}

impl Plan {
    fn unchanged(side: &LocalSide) -> Plan {
        Plan {
            record: RecordWrite::Keep,
            state: None,
            taken_text: None,
            settled: vec![],
            conflict: side.conflict.clone(),
            outcome: Outcome::Unchanged,
            hold: None,
            queue: false,
            log: None,
        }
    }

    fn held(side: &LocalSide, reason: Reason) -> Plan {
        Plan { hold: Some(reason), ..Plan::unchanged(side) }
    }
}

/// What a page's remote versions need no local side for, read before the page's transaction — while the
/// previous page commits — so that the transaction's one task does less: each version's content as a record
/// of its kind with the first rule of the wizard it breaks, and its JSON text. One entry per document
/// (`None` for a tombstone, or a version with losing leaves: those are read once folded).
#[derive(Default)]
pub struct Prepared(Vec<Option<Ready>>);

/// One remote version read ahead (see [`Prepared`]).
struct Ready {
    record: Result<(Record, Option<RuleBreak>), Reason>,
    text: String,
}

/// The first rule of the wizard a record breaks.
type RuleBreak = (crate::domain::validation::Field, crate::domain::validation::FieldError);

impl Prepared {
    /// Reads `docs` ahead, as of `now`.
    pub fn new(docs: &[RemoteDoc], now: Timestamp) -> Prepared {
        let mut prepared = Prepared::default();
        prepared.extend(docs, now);
        prepared
    }

    /// Reads `docs` ahead too (documents added to the page: fetched by id).
    pub fn extend(&mut self, docs: &[RemoteDoc], now: Timestamp) {
        self.0.extend(docs.iter().map(|doc| {
            let data = doc.data.as_ref().filter(|_| doc.branches.is_empty())?;
            Some(Ready { record: checked_record(doc.id, data, now), text: data.to_string() })
        }));
    }

    fn take(&mut self, at: usize) -> Option<Ready> {
        self.0.get_mut(at).and_then(Option::take)
    }
}

/// `data` as a record of `id`'s kind, with the first rule of the wizard it breaks as of `now`.
fn checked_record(id: DocId, data: &Value, now: Timestamp) -> Result<(Record, Option<RuleBreak>), Reason> {
    Record::from_data(id, data).map(|r| {
        let broken = r.rule_break(now.date_utc());
        (r, broken)
    })
}

/// Decides the writes for `remote` given this device's side of it.
pub fn plan(remote: &RemoteDoc, side: &LocalSide, now: Timestamp) -> Plan {
    plan_with(remote, side, now, None)
}

/// [`plan`], with the remote version read ahead when it was.
fn plan_with(remote: &RemoteDoc, side: &LocalSide, now: Timestamp, ready: Option<Ready>) -> Plan {
    let folded = (!remote.branches.is_empty()).then(|| fold(remote, side.state.as_ref()));
    let losers = folded.as_ref().map(|f| f.losers.clone()).unwrap_or_default();
    if side.state.as_ref().is_some_and(|s| s.rev == remote.rev && s.losers == losers) {
        return Plan::unchanged(side);
    }
    // What is decided on: the remote's version, or the winner with its losing leaves folded in.
    let folded_view = folded.as_ref().map(|f| RemoteDoc {
        id: remote.id,
        rev: remote.rev.clone(),
        mutation_id: remote.mutation_id,
        data: f.data.clone(),
        branches: Vec::new(),
        ancestors: Vec::new(),
    });
    let view = folded_view.as_ref().unwrap_or(remote);
    // The remote's content must be a record of its kind before anything is merged with it (read ahead, unless
    // leaves were folded in).
    let (read, mut text) = match ready.filter(|_| folded.is_none()) {
        Some(Ready { record, text }) => (record.map(Some), Some(text)),
        None => (view.data.as_ref().map(|data| checked_record(remote.id, data, now)).transpose(), None),
    };
    let theirs_record = match read {
        Ok(record) => record,
        Err(reason) => return Plan::held(side, reason),
    };
    let mut local = LocalDoc {
        data: side.record.as_ref().map(Record::to_data),
        state: side.state.clone(),
        pending: side.pending.clone(),
        conflict: side.conflict.clone(),
    };
    let acknowledged = own_version(remote, &mut local);
    let name = label(view.data.as_ref().or(local.data.as_ref()));
    // Activity entries are written once and never change: the remote's copy is the entry.
    let mut d = if remote.id.kind == Kind::Activity && view.data.is_some() {
        super::decide::Decision {
            write: Write::Theirs,
            state: Some(SyncState::at(view.rev.clone(), view.data.clone())),
            settled: local.pending.clone(),
            conflict: None,
            outcome: Outcome::Taken,
        }
    } else {
        decide(&local, view, &name, now)
    };
    d.settled.splice(0..0, acknowledged);
    let (record, broken) = match d.write {
        Write::Keep => (RecordWrite::Keep, None),
        Write::Delete if side.record.is_none() => (RecordWrite::Keep, None),
        Write::Delete => (RecordWrite::Delete, None),
        // The remote's content as it came was read once, above (it has content: it was read); a merged one
        // is read here.
        Write::Theirs => match theirs_record {
            Some((r, broken)) => (RecordWrite::Put(r), broken),
            None => (RecordWrite::Keep, None),
        },
        Write::Put(v) => match checked_record(remote.id, &v, now) {
            Ok((r, broken)) => (RecordWrite::Put(r), broken),
            Err(reason) => return Plan::held(side, reason),
        },
    };
    let hold = broken.map(|(field, error)| Reason::BreaksRule { field, error });
    let log = match (&record, &side.record) {
        (RecordWrite::Delete, Some(_)) if remote.id.kind != Kind::Activity => {
            Some((Action::DeletedElsewhere, String::new()))
        }
        _ => None,
    };
    let taken_text = match (&d.outcome, &d.state, folded.is_some()) {
        (Outcome::Taken, Some(SyncState { base: Some(base), .. }), false) => {
            Some(text.take().unwrap_or_else(|| base.to_string()))
        }
        _ => None,
    };
    let plan = Plan {
        record,
        state: d.state,
        taken_text,
        settled: d.settled,
        conflict: d.conflict,
        outcome: d.outcome,
        hold,
        queue: false,
        log,
    };
    match folded {
        Some(f) if !f.losers.is_empty() => with_branches(plan, remote, side, f, &name, now),
        _ => plan,
    }
}

/// Of a document with several leaves, or whose winner's earlier revisions were read, the newest version
/// carrying one of this device's pending changes is its own push whose answer was lost, whichever leaf it is
/// on or however many revisions another device added on top: the changes up to it are settled (returned) and
/// its content is the version this device agreed on — the base its later edits are merged from, so neither
/// another's change is overwritten by them (nor asked about) nor this device's own pushed value taken for
/// another's. A lone winner that carries a pending change itself is left to [`decide`] (its push coming back).
fn own_version(remote: &RemoteDoc, local: &mut LocalDoc) -> Vec<Uuid> {
    if remote.branches.is_empty() && remote.ancestors.is_empty() {
        return Vec::new();
    }
    // Each version's change and content (`None` when the remote did not send it).
    let versions = std::iter::once((remote.mutation_id, Some(remote.data.as_ref())))
        .chain(remote.branches.iter().map(|b| (b.mutation_id, Some(Some(&b.data)))))
        .chain(remote.ancestors.iter().map(|a| match &a.body {
            Body::Sent(data) => (a.mutation_id, Some(data.as_ref())),
            Body::Unsent => (a.mutation_id, None),
        }));
    let position = |m: Option<Uuid>| local.pending.iter().position(|p| Some(*p) == m);
    if remote.branches.is_empty() && position(remote.mutation_id).is_some() {
        return Vec::new();
    }
    let Some((at, content)) = versions.filter_map(|(m, data)| Some((position(m)?, data))).max_by_key(|(at, _)| *at)
    else {
        return Vec::new();
    };
    // A version sent without its content serves when nothing was changed here after it: its content is then
    // this device's own.
    let content = match content {
        Some(content) => content.cloned(),
        None if at + 1 == local.pending.len() => local.data.clone(),
        None => return Vec::new(),
    };
    let rev = local.state.as_ref().map(|s| s.rev.clone()).unwrap_or_else(|| remote.rev.clone());
    local.state = Some(SyncState::at(rev, content));
    local.pending.drain(..=at).collect()
}

/// The plan of a document whose losing leaves were merged: the state keeps the winner's revision, the merged
/// branches as base (what the remote holds in all: a value taken from a losing leaf is no edit of this
/// device's when the peer changes it again before the merge is pushed) and the losers to delete; the merge
/// is queued, branch conflicts join the open conflict, and the first time these leaves are seen the
/// activity log says so.
fn with_branches(mut plan: Plan, remote: &RemoteDoc, side: &LocalSide, f: Folded, name: &str, now: Timestamp) -> Plan {
    let mut fields: Vec<FieldConflict> = plan.conflict.take().map(|c| c.fields).unwrap_or_default();
    for c in f.conflicts {
        if !fields.iter().any(|o| o.path == c.path) {
            fields.push(c);
        }
    }
    fields.sort_by(|a, b| a.path.cmp(&b.path));
    plan.conflict = (!fields.is_empty()).then(|| Conflict {
        id: remote.id,
        label: name.to_string(),
        fields,
        detected_at: side.conflict.as_ref().map(|c| c.detected_at).unwrap_or(now),
    });
    if plan.conflict.is_some() {
        plan.outcome = Outcome::Conflicted;
    } else if plan.outcome != Outcome::Acknowledged {
        plan.outcome = Outcome::Merged;
    }
    let seen_before = side.state.as_ref().is_some_and(|s| s.losers == f.losers);
    plan.state = Some(SyncState { rev: remote.rev.clone(), base: f.data, losers: f.losers });
    plan.queue = true;
    if !seen_before && plan.log.is_none() {
        plan.log = Some((Action::ConcurrentChangeMerged, String::new()));
    }
    plan
}

/// The primary domain a pulled customer carries.
fn pulled_domain(doc: &RemoteDoc) -> Option<String> {
    (doc.id.kind == Kind::Customer).then_some(())?;
    doc.data.as_ref()?.pointer("/company/domain")?.as_str().map(String::from)
}

/// A page being applied: its writes are made and its commit is under way; awaiting it gives what the page
/// did once committed (the caller reads the next page ahead meanwhile).
pub type Applying<'a> = Pin<Box<dyn Future<Output = Result<ApplyReport, LocalError>> + 'a>>;

/// A page's commit under way.
type Committing<'a> = Pin<Box<dyn Future<Output = Result<(), LocalError>> + 'a>>;

/// Applies a page's `docs` (and sets its `unusable` aside) and stores its checkpoint, in one transaction;
/// returns once the writes are made and the commit is asked for (see [`Applying`]). `prepared` holds `docs`
/// read ahead (or nothing). Pulled customers are first written trusting the store's unique domain rule; if
/// it refuses one, the page is applied again checking each domain first, and the colliding documents are
/// set aside with the reason. `new_here` names documents this device surely holds nothing of (see
/// [`Wanted::new_here`]).
pub async fn apply_page<'a, S: SyncStore>(
    store: &'a S,
    page: Page<'a>,
    new_here: &'a dyn Fn(DocId) -> bool,
    prepared: Prepared,
) -> Result<Applying<'a>, LocalError> {
    let (report, committing) = apply_once(store, &page, new_here, false, prepared).await?;
    Ok(Box::pin(async move {
        match committing.await {
            Ok(()) => Ok(report),
            Err(LocalError::Constraint) => {
                let (report, committing) = apply_once(store, &page, new_here, true, Prepared::default()).await?;
                committing.await?;
                Ok(report)
            }
            Err(e) => Err(e),
        }
    }))
}

/// What one page applies.
pub struct Page<'a> {
    pub docs: &'a [RemoteDoc],
    pub unusable: &'a [Unusable],
    /// The pull's checkpoint after this page (`None` for the versions a push conflicted with).
    pub checkpoint: Option<&'a Value>,
    /// Sync's epoch the page was pulled for: the store refuses the page when sync started over since.
    pub epoch: u64,
    pub now: Timestamp,
}

/// Reads the local side, makes the page's writes and asks for the commit, which is under way when this
/// returns.
async fn apply_once<'a, S: SyncStore>(
    store: &'a S,
    p: &Page<'_>,
    new_here: &dyn Fn(DocId) -> bool,
    check_domains: bool,
    mut prepared: Prepared,
) -> Result<(ApplyReport, Committing<'a>), LocalError> {
    let (docs, unusable, now) = (p.docs, p.unusable, p.now);
    let mut wanted: Vec<Wanted> = docs
        .iter()
        .map(|d| Wanted { id: d.id, domain: pulled_domain(d).filter(|_| check_domains), new_here: new_here(d.id) })
        .collect();
    // Unusable documents with ids of ours: their local record names them.
    let mut named = Vec::with_capacity(unusable.len());
    for u in unusable {
        named.push(DocId::parse(&u.id).map(|id| {
            wanted.push(Wanted { id, domain: None, new_here: false });
            wanted.len() - 1
        }));
    }
    let (mut page, sides) = store.read_page(&wanted, p.epoch).await?;
    let mut report = ApplyReport::default();
    // Domains taken by customers earlier in this page (id, name).
    let mut claimed: HashMap<String, (Uuid, String)> = HashMap::new();
    for (at, (doc, side)) in docs.iter().zip(&sides).enumerate() {
        let mut plan = plan_with(doc, side, now, prepared.take(at));
        if let (RecordWrite::Put(Record::Customer(c)), true) = (&plan.record, check_domains) {
            let holder = side.domain_holder.clone().or_else(|| claimed.get(&c.company.domain).cloned());
            match holder {
                Some((other, owner)) if other != c.id => {
                    plan = Plan::held(side, Reason::DomainTaken { domain: c.company.domain.clone(), owner })
                }
                _ => drop(claimed.insert(c.company.domain.clone(), (c.id, c.company.company_name.clone()))),
            }
        }
        write_plan(&mut page, doc, side, plan, now, &mut report)?;
        page.breathe().await?;
    }
    for (u, side) in unusable.iter().zip(named) {
        let record = side.and_then(|i| sides[i].record.as_ref());
        let name = record.map(|r| label(Some(&r.to_data()))).unwrap_or_default();
        page.hold(&u.clone().set_aside(name, now))?;
        report.set_aside += 1;
    }
    if let Some(cp) = p.checkpoint {
        page.put_checkpoint(cp)?;
    }
    let mut committing: Committing<'a> = Box::pin(page.commit());
    // Polled once, the commit is asked for now; it completes while the caller does other work.
    if let Poll::Ready(done) = futures::poll!(&mut committing) {
        committing = Box::pin(std::future::ready(done));
    }
    Ok((report, committing))
}

fn write_plan<P: PageWriter>(
    page: &mut P,
    doc: &RemoteDoc,
    side: &LocalSide,
    plan: Plan,
    now: Timestamp,
    report: &mut ApplyReport,
) -> Result<(), LocalError> {
    let id = doc.id;
    let name = label(doc.data.as_ref().or(side.record.as_ref().map(Record::to_data).as_ref()));
    match (&plan.record, plan.taken_text.as_deref(), &plan.state) {
        // Taken as the remote has it: the record and its state in one write where the store can.
        (RecordWrite::Put(r), Some(text), Some(state)) => page.put_taken(r, text, state)?,
        (record, _, state) => {
            match record {
                RecordWrite::Keep => {}
                RecordWrite::Put(r) => page.put_record(r)?,
                RecordWrite::Delete => page.delete_record(id)?,
            }
            if let Some(s) = state {
                page.put_state(id, s)?;
            }
        }
    }
    if plan.record != RecordWrite::Keep {
        report.changed += 1;
        report.changed_ids.push(id);
    }
    if !plan.settled.is_empty() {
        page.settle(id, &plan.settled)?;
        report.settled += plan.settled.len();
    }
    if plan.conflict.is_some() || side.conflict.is_some() {
        page.set_conflict(id, plan.conflict.as_ref())?;
    }
    match plan.hold {
        Some(reason) => {
            page.hold(&SetAside {
                id: id.to_string(),
                rev: doc.rev.clone(),
                label: name.clone(),
                reason,
                seen_at: now,
            })?;
            report.set_aside += 1;
        }
        None if side.held && plan.outcome != Outcome::Unchanged => page.release(&id.to_string())?,
        None => {}
    }
    if plan.queue {
        page.queue(&OutboxEntry {
            mutation_id: Uuid::new_v4(),
            entity: id.kind.entity(),
            entity_id: id.id,
            op: Op::Update,
            at: now,
        })?;
        report.merged_branches += 1;
    }
    if let Some((action, detail)) = plan.log {
        page.log(&ActivityEntry {
            id: Uuid::new_v4(),
            at: now,
            customer_id: (id.kind == Kind::Customer).then_some(id.id),
            customer_name: name,
            action,
            user: SYNC_USER.into(),
            detail,
            typed: None,
        })?;
    }
    report.unchanged += usize::from(plan.outcome == Outcome::Unchanged);
    report.conflicts += usize::from(plan.outcome == Outcome::Conflicted);
    Ok(())
}
