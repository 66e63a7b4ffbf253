//! The use case of `/profile`: save one region's business profile (record, outbox and activity entry in
//! one transaction).

use super::change::Actor;
use crate::domain::activity::Action;
use crate::domain::activity_detail::Detail;
use crate::domain::outbox::Op;
use crate::domain::profile::{BusinessProfile, ProfileError, ProfileField, ProfileForm, Region};
use crate::store::{Store, StoreError};
use crate::sync::records::Record;

/// Why the profile was not saved; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileUseError {
    #[error("Some fields need attention.")]
    Invalid(Vec<(ProfileField, ProfileError)>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Saves `form` as `region`'s business profile: the fields the partner changed from `opened` (the profile as
/// the page read it), the others as stored now ([`ProfileForm::saved_over`]).
pub async fn save_business_profile<S: Store>(
    store: &S,
    region: Region,
    opened: &ProfileForm,
    form: &ProfileForm,
    actor: &Actor<'_>,
) -> Result<BusinessProfile, ProfileUseError> {
    form.to_profile(region, actor.now).map_err(ProfileUseError::Invalid)?;
    let stored = store.business_profiles().await?.into_iter().find(|p| p.region == region);
    let now = stored.as_ref().map(ProfileForm::from_profile).unwrap_or_default();
    let saved = form.clone().saved_over(opened, &now);
    let profile = saved.to_profile(region, actor.now).map_err(ProfileUseError::Invalid)?;
    let op = if stored.is_some() { Op::Update } else { Op::Create };
    let mut changes = actor.changes();
    changes.change(
        op,
        Record::Profile(Box::new(profile.clone())),
        Action::BusinessProfileSaved,
        Detail::Region { region },
    );
    store.apply(changes.batch()).await?;
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::outbox::Entity;
    use crate::domain::timestamp::Timestamp;
    use crate::store::memory::MemoryStore;
    use futures::executor::block_on;

    #[test]
    fn a_profile_is_saved_per_region_and_bad_input_writes_nothing() {
        block_on(async {
            let store = MemoryStore::default();
            let actor = Actor { user: "Lena", now: Timestamp(1) };
            let long = ProfileForm { description: "x".repeat(2_501), ..Default::default() };
            assert!(matches!(
                save_business_profile(&store, Region::Europe, &ProfileForm::default(), &long, &actor).await,
                Err(ProfileUseError::Invalid(_))
            ));
            assert!(store.business_profiles().await.unwrap().is_empty());
            assert!(store.outbox().await.unwrap().is_empty());

            let form = ProfileForm { description: "Cloud partner".into(), ..Default::default() };
            let none = ProfileForm::default();
            save_business_profile(&store, Region::Europe, &none, &form, &actor).await.unwrap();
            let again = ProfileForm { description: "Cloud partner since 2009".into(), ..Default::default() };
            save_business_profile(&store, Region::Europe, &form, &again, &actor).await.unwrap();
            save_business_profile(&store, Region::NorthAmerica, &none, &form, &actor).await.unwrap();
            let mut saved = store.business_profiles().await.unwrap();
            saved.sort_by_key(|p| p.region.key());
            assert_eq!(saved.len(), 2);
            assert_eq!(saved[0].description, "Cloud partner since 2009");
            let ops: Vec<Op> = store
                .outbox()
                .await
                .unwrap()
                .iter()
                .filter(|e| e.entity == Entity::BusinessProfile)
                .map(|e| e.op)
                .collect();
            assert_eq!(ops, [Op::Create, Op::Update, Op::Create]);
        })
    }

    #[test]
    fn fields_left_as_they_were_keep_what_another_device_saved_since_the_page_read_them() {
        block_on(async {
            let store = MemoryStore::default();
            let actor = Actor { user: "Lena", now: Timestamp(1) };
            let opened = ProfileForm { description: "Cloud partner".into(), ..Default::default() };
            save_business_profile(&store, Region::Europe, &ProfileForm::default(), &opened, &actor).await.unwrap();
            // Another device adds expertise; this page, read before, changes the description only.
            let elsewhere = ProfileForm { expertise: "Azure, Security".into(), ..opened.clone() };
            save_business_profile(&store, Region::Europe, &opened, &elsewhere, &actor).await.unwrap();
            let typed = ProfileForm { description: "Cloud partner since 2009".into(), ..opened.clone() };
            let saved = save_business_profile(&store, Region::Europe, &opened, &typed, &actor).await.unwrap();
            assert_eq!(saved.description, "Cloud partner since 2009");
            assert_eq!(saved.expertise, ["Azure", "Security"]);
        })
    }
}
