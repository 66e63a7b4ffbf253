//! The referral use cases, with the wizard that wins an accepted referral with a new customer: tests that
//! span both use cases live here, so that neither module needs the other's tests.

use time::Date;

use crate::domain::activity::Action;
use crate::domain::fixtures::{ctx, valid_draft};
use crate::domain::referral::{Deal, NewReferral, ReferralState};
use crate::domain::timestamp::Timestamp;
use crate::store::memory::MemoryStore;
use crate::store::Store;
use crate::sync::local::SyncStore;
use crate::usecases::referrals::*;
use crate::usecases::{add_customer, Actor, AddCustomerError};
use futures::executor::block_on;
use time::macros::date;

const ACTOR: Actor<'static> = Actor { user: "Jana", now: Timestamp(9) };
const TODAY: Date = date!(2026 - 11 - 25);

fn form() -> NewReferral {
    NewReferral {
        customer_name: "Contoso Handels GmbH".into(),
        contact_name: "Anna Müller".into(),
        contact_email: "anna.mueller@contoso.de".into(),
        need: "Microsoft 365 Business Premium, 40 seats".into(),
        value: "24000".into(),
        received_on: Some(date!(2026 - 11 - 20)),
    }
}

#[test]
fn accept_then_win_through_the_wizard_links_the_new_customer_in_one_transaction() {
    let store = MemoryStore::default();
    block_on(async {
        let r = add_referral(&store, &form(), TODAY, &ACTOR).await.unwrap();
        let deal = Deal { name: "Contoso M365".into(), value: 24_000, ..Deal::default() };
        accept_referral(&store, r.id, deal, TODAY, &ACTOR).await.unwrap();
        let mut draft = store.referrals().await.unwrap()[0].customer_draft(TODAY);
        draft.domain_prefix = "contosohandel".into();
        let draft = crate::domain::draft::CustomerDraft { ..merge_valid(draft) };
        let c = add_customer(&store, &draft, &ctx(), &Actor { user: "Jana", now: Timestamp(10) }).await.unwrap();
        let won = store.referrals().await.unwrap().remove(0);
        assert_eq!((won.state, won.customer_id), (ReferralState::Won, Some(c.id)));
        let log: Vec<Action> = store.activity(None).await.unwrap().iter().map(|a| a.action).collect();
        assert!(log.contains(&Action::ReferralWon) && log.contains(&Action::CustomerAdded), "{log:?}");
    });
}

/// The referral's draft with the address and attestation a user would type.
fn merge_valid(d: crate::domain::draft::CustomerDraft) -> crate::domain::draft::CustomerDraft {
    let v = valid_draft();
    crate::domain::draft::CustomerDraft {
        address_line1: v.address_line1,
        city: v.city,
        postal_code: v.postal_code,
        mca_first_name: v.mca_first_name,
        mca_last_name: v.mca_last_name,
        mca_email: v.mca_email,
        ..d
    }
}

#[test]
fn a_customer_can_not_win_a_referral_that_is_not_active_and_nothing_is_written() {
    let store = MemoryStore::default();
    block_on(async {
        let r = add_referral(&store, &form(), TODAY, &ACTOR).await.unwrap();
        let mut draft = merge_valid(r.customer_draft(TODAY));
        draft.domain_prefix = "contosohandel".into();
        let err = add_customer(&store, &draft, &ctx(), &Actor { user: "Jana", now: Timestamp(10) }).await.unwrap_err();
        assert_eq!(err.to_string(), "The referral can't be marked won: A referral that is New can't be won.");
        assert!(matches!(err, AddCustomerError::Referral(_)));
        assert_eq!(store.customer_counts().await.unwrap().all, 0);
    });
}

#[test]
fn decline_needs_a_reason_and_writes_nothing_without_one() {
    let store = MemoryStore::default();
    block_on(async {
        let r = add_referral(&store, &form(), TODAY, &ACTOR).await.unwrap();
        let pending = store.pending_count().await.unwrap();
        assert!(decline_referral(&store, r.id, " ", TODAY, &ACTOR).await.is_err());
        assert_eq!(store.pending_count().await.unwrap(), pending);
        let later = Actor { now: Timestamp(20), ..ACTOR };
        decline_referral(&store, r.id, "Outside our region", TODAY, &later).await.unwrap();
        let log = store.activity(None).await.unwrap();
        assert_eq!((log[0].action, log[0].detail.as_str()), (Action::ReferralDeclined, "Outside our region"));
    });
}

#[test]
fn an_active_referral_can_be_won_with_an_existing_customer_or_lost() {
    let store = MemoryStore::default();
    block_on(async {
        let c = add_customer(&store, &valid_draft(), &ctx(), &Actor { user: "Jana", now: Timestamp(1) }).await.unwrap();
        let (a, b) = (
            add_referral(&store, &form(), TODAY, &ACTOR).await.unwrap(),
            add_referral(&store, &form(), TODAY, &ACTOR).await.unwrap(),
        );
        for id in [a.id, b.id] {
            accept_referral(&store, id, Deal { name: "Deal".into(), ..Deal::default() }, TODAY, &ACTOR).await.unwrap();
        }
        let won = win_referral(&store, a.id, c.id, TODAY, &ACTOR).await.unwrap();
        assert_eq!(won.customer_id, Some(c.id));
        let lost = lose_referral(&store, b.id, "", TODAY, &ACTOR).await.unwrap();
        assert_eq!(lost.state, ReferralState::Lost);
    });
}
