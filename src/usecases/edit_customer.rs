//! Use case: edit a customer's account info and bill-to.

use uuid::Uuid;

use super::change::Actor;
use crate::domain::activity::Action;
use crate::domain::activity_detail::Detail;
use crate::domain::customer::Customer;
use crate::domain::draft::{CustomerDraft, ValidationContext};
use crate::domain::field::Field;
use crate::domain::outbox::Op;
use crate::domain::validation::Report;
use crate::store::{Store, StoreError, WriteBatch};
use crate::sync::records::Record;

/// Why an edit was not saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditCustomerError {
    #[error("Some fields need attention.")]
    Invalid(Report),
    #[error("This customer no longer exists on this device.")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Validates the account fields of `form`, writes those the partner changed from `opened` (the form as it
/// was opened) into customer `id` with an outbox entry and an activity entry naming them — one transaction.
/// A field left as it was keeps what is stored now: a sync or another tab may have changed it since the
/// form was opened, and saving the form does not undo that. Saving without changes writes nothing.
pub async fn edit_customer<S: Store>(
    store: &S,
    id: Uuid,
    opened: &CustomerDraft,
    form: &CustomerDraft,
    ctx: &ValidationContext,
    actor: &Actor<'_>,
) -> Result<Customer, EditCustomerError> {
    let report = form.validate_account(ctx);
    if !report.is_ok() {
        return Err(EditCustomerError::Invalid(report));
    }
    let before = store.customer(id).await?.ok_or(EditCustomerError::NotFound)?;
    let (mut was, mut typed) = (before.clone(), before.clone());
    opened.apply_account_to(&mut was);
    form.apply_account_to(&mut typed);
    let mut after = before.clone();
    for field in Field::changed_between(&was, &typed) {
        field.copy(&typed, &mut after);
    }
    let changed = Field::changed_between(&before, &after);
    if changed.is_empty() {
        return Ok(before);
    }
    after.updated_at = actor.now;
    let record = Record::Customer(Box::new(after.clone()));
    // A record sync set aside for a broken rule is released once it meets every rule again.
    let release = match record.rule_break(actor.now.date_utc()) {
        None => vec![record.doc_id()],
        Some(_) => vec![],
    };
    let mut changes = actor.changes();
    changes.change(Op::Update, record, Action::CustomerEdited, Detail::Changed { fields: changed });
    let batch = WriteBatch { release, ..changes.batch() };
    store.apply(batch).await?;
    Ok(after)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::fixtures::{ctx, valid_draft};
    use crate::domain::outbox::Entity;
    use crate::domain::timestamp::Timestamp;
    use crate::domain::validation::Field;
    use crate::store::memory::MemoryStore;
    use crate::usecases::add_customer;
    use futures::executor::block_on;

    #[test]
    fn an_edit_writes_the_change_an_update_and_a_log_line_naming_the_fields() {
        let store = MemoryStore::default();
        block_on(async {
            let c =
                add_customer(&store, &valid_draft(), &ctx(), &Actor { user: "A", now: Timestamp(1) }).await.unwrap();
            let form = CustomerDraft {
                city: "München".into(),
                postal_code: "80331".into(),
                ..CustomerDraft::from_customer(&c)
            };
            let opened = CustomerDraft::from_customer(&c);
            let edited = edit_customer(&store, c.id, &opened, &form, &ctx(), &Actor { user: "Bea", now: Timestamp(9) })
                .await
                .unwrap();
            assert_eq!(edited.billing.default_address.city, "München");
            assert_eq!(edited.updated_at, Timestamp(9));
            assert_eq!(store.customer(c.id).await.unwrap(), Some(edited));
            let outbox = store.outbox().await.unwrap();
            let last_customer_change = outbox.iter().rev().find(|o| o.entity == Entity::Customer);
            assert_eq!(last_customer_change.map(|o| o.op), Some(Op::Update));
            let log = store.activity(Some(c.id)).await.unwrap();
            assert_eq!(log[0].action, Action::CustomerEdited);
            assert_eq!(log[0].detail, "Changed: city, postal code");
            assert_eq!(log[0].user, "Bea");
        });
    }

    #[test]
    fn saving_unchanged_or_invalid_forms_writes_nothing() {
        let store = MemoryStore::default();
        block_on(async {
            let c =
                add_customer(&store, &valid_draft(), &ctx(), &Actor { user: "A", now: Timestamp(1) }).await.unwrap();
            let opened = CustomerDraft::from_customer(&c);
            edit_customer(&store, c.id, &opened, &opened, &ctx(), &Actor { user: "A", now: Timestamp(2) })
                .await
                .unwrap();
            let bad = CustomerDraft { email: "nope".into(), ..CustomerDraft::from_customer(&c) };
            let Err(EditCustomerError::Invalid(report)) =
                edit_customer(&store, c.id, &opened, &bad, &ctx(), &Actor { user: "A", now: Timestamp(3) }).await
            else {
                panic!("expected a validation error")
            };
            assert!(report.error(Field::Email).is_some());
            assert_eq!(store.outbox().await.unwrap().len(), 2, "the customer's and its log line's");
            assert_eq!(store.activity(None).await.unwrap().len(), 1);
            assert_eq!(store.customer(c.id).await.unwrap(), Some(c));
            let missing = edit_customer(
                &store,
                Uuid::nil(),
                &opened,
                &valid_draft(),
                &ctx(),
                &Actor { user: "A", now: Timestamp(4) },
            )
            .await;
            assert_eq!(missing, Err(EditCustomerError::NotFound));
        });
    }

    #[test]
    fn fields_left_as_they_were_keep_what_another_device_changed_since_the_form_opened() {
        let store = MemoryStore::default();
        block_on(async {
            let c =
                add_customer(&store, &valid_draft(), &ctx(), &Actor { user: "A", now: Timestamp(1) }).await.unwrap();
            let opened = CustomerDraft::from_customer(&c);
            // Meanwhile a sync (or another tab) moves the customer to Hamburg.
            let elsewhere = CustomerDraft { city: "Hamburg".into(), ..opened.clone() };
            edit_customer(&store, c.id, &opened, &elsewhere, &ctx(), &Actor { user: "Sync", now: Timestamp(2) })
                .await
                .unwrap();
            // The form opened before shows the old city; the partner changes the phone only.
            let form = CustomerDraft { phone: "+49 30 123456".into(), ..opened.clone() };
            let edited = edit_customer(&store, c.id, &opened, &form, &ctx(), &Actor { user: "Bea", now: Timestamp(3) })
                .await
                .unwrap();
            let address = &edited.billing.default_address;
            assert_eq!((address.city.as_str(), address.phone_number.as_str()), ("Hamburg", "+49 30 123456"));
            assert_eq!(store.activity(Some(c.id)).await.unwrap()[0].detail, "Changed: phone");
            // A field the partner did change is saved as typed, whatever happened to it meanwhile.
            let form = CustomerDraft { city: "Bremen".into(), ..opened.clone() };
            let edited = edit_customer(&store, c.id, &opened, &form, &ctx(), &Actor { user: "Bea", now: Timestamp(4) })
                .await
                .unwrap();
            assert_eq!(edited.billing.default_address.city, "Bremen");
            assert_eq!(edited.billing.default_address.phone_number, "+49 30 123456");
        });
    }
}
