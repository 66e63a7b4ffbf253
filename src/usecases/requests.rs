//! Use cases of "Request a reseller relationship": the partner's profile, saving a request as pending,
//! and marking it accepted.

use uuid::Uuid;

use super::change::{About, Actor, Changes};
use crate::domain::activity::Action;
use crate::domain::activity_detail::Detail;
use crate::domain::customer::Customer;
use crate::domain::invitation::{self, GdapError, GdapRequest, PartnerProfile, RelationshipRequest, RequestStatus};
use crate::domain::outbox::Op;
use crate::domain::provider::Provider;
use crate::domain::validation::{length, FieldError};
use crate::store::{Store, StoreError};
use crate::sync::records::Record;

/// Why a request or the profile was not saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("Set your partner id in Settings first: the invitation link is built from it.")]
    NoPartnerId,
    #[error("Partner id: {0}")]
    PartnerId(FieldError),
    #[error("Recipient: {0}")]
    Recipient(FieldError),
    #[error("Company name: {0}")]
    CompanyName(FieldError),
    #[error("Your name: {0}")]
    UserName(FieldError),
    #[error("GDAP: {0}")]
    Gdap(GdapError),
    #[error("There is no such request.")]
    NotFound,
    #[error("That customer no longer exists on this device.")]
    NoSuchCustomer,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the GDAP part of the request form holds, as typed.
#[derive(Debug, Clone, Copy)]
pub struct GdapInput<'a> {
    pub name: &'a str,
    pub days: &'a str,
    pub roles: &'a [String],
    pub auto_extend: bool,
}

/// The longest company name and user name the partner's details take.
pub const NAME_MAX: usize = 100;

/// Checks and saves the partner's own details (id as a GUID, names of at most [`NAME_MAX`] characters);
/// returns them as saved (trimmed, the id in its usual form).
pub async fn save_partner_profile<S: Store>(
    store: &S,
    profile: &PartnerProfile,
) -> Result<PartnerProfile, RequestError> {
    let id = invitation::partner_id(&profile.partner_id).map_err(RequestError::PartnerId)?;
    length(&profile.company_name, 0, NAME_MAX).map_err(RequestError::CompanyName)?;
    // The name goes into every activity entry this device writes.
    length(&profile.user_name, 0, NAME_MAX).map_err(RequestError::UserName)?;
    let clean = PartnerProfile {
        partner_id: id.to_string(),
        company_name: profile.company_name.trim().to_string(),
        cloud: profile.cloud,
        email_domains: profile.email_domain_list().join(", "),
        user_name: profile.user_name.trim().to_string(),
    };
    store.save_partner_profile(&clean).await?;
    Ok(clean)
}

/// The invitation link for the saved partner profile; with `provider`, a joint invitation naming it as the
/// customer's indirect provider.
pub async fn invitation_link<S: Store>(
    store: &S,
    delegated_admin: bool,
    provider: Option<&Provider>,
) -> Result<(PartnerProfile, String), RequestError> {
    let profile = store.partner_profile().await?.ok_or(RequestError::NoPartnerId)?;
    let id = invitation::partner_id(&profile.partner_id).map_err(|_| RequestError::NoPartnerId)?;
    let url = match provider {
        None => invitation::invitation_url(id, profile.cloud, delegated_admin),
        Some(p) => {
            let provider_id = invitation::partner_id(&p.partner_id).map_err(RequestError::PartnerId)?;
            invitation::joint_invitation_url(id, provider_id, profile.cloud, delegated_admin)
        }
    };
    Ok((profile, url))
}

/// Saves a pending request to `recipient` with its link, an outbox entry and an activity entry.
/// With `gdap`, the request also asks for granular delegated admin privileges (name unique among requests).
pub async fn request_relationship<S: Store>(
    store: &S,
    recipient: &str,
    delegated_admin: bool,
    gdap: Option<GdapInput<'_>>,
    provider: Option<&Provider>,
    actor: &Actor<'_>,
) -> Result<RelationshipRequest, RequestError> {
    invitation::recipient(recipient).map_err(RequestError::Recipient)?;
    let (profile, url) = invitation_link(store, delegated_admin, provider).await?;
    let gdap = match gdap {
        None => None,
        Some(g) => {
            let used: Vec<String> =
                store.requests().await?.into_iter().filter_map(|r| r.gdap.map(|g| g.name)).collect();
            let (name, duration_days) = invitation::gdap(g.name, g.days, g.roles, &used).map_err(RequestError::Gdap)?;
            Some(GdapRequest { name, duration_days, roles: g.roles.to_vec(), auto_extend: g.auto_extend })
        }
    };
    let request = RelationshipRequest {
        id: Uuid::new_v4(),
        recipient: recipient.trim().to_string(),
        url,
        delegated_admin,
        cloud: profile.cloud,
        status: RequestStatus::Pending,
        created_at: actor.now,
        accepted_at: None,
        gdap,
        indirect_provider: provider.map(|p| p.name.clone()),
        customer_id: None,
    };
    write(store, request.clone(), Action::RelationshipRequested, actor).await?;
    Ok(request)
}

/// Adds to `changes` the writes that link `request` to `customer`, the customer it became (an accepted
/// request; adding a customer from a request that was still pending marks it accepted too).
pub(crate) fn link(
    changes: &mut Changes<'_>,
    mut request: RelationshipRequest,
    customer: &Customer,
    actor: &Actor<'_>,
) {
    if request.status == RequestStatus::Pending {
        request.status = RequestStatus::Accepted;
        request.accepted_at = Some(actor.now);
    }
    request.customer_id = Some(customer.id);
    let detail = request.recipient.clone();
    changes.write(Op::Update, Record::Request(request)).log(
        Action::RelationshipRequestLinked,
        About::customer(customer),
        detail,
    );
}

/// Links request `id` to the existing customer `customer_id`.
pub async fn link_request<S: Store>(
    store: &S,
    id: Uuid,
    customer_id: Uuid,
    actor: &Actor<'_>,
) -> Result<(), RequestError> {
    let request = store.requests().await?.into_iter().find(|r| r.id == id).ok_or(RequestError::NotFound)?;
    let customer = store.customer(customer_id).await?.ok_or(RequestError::NoSuchCustomer)?;
    let mut changes = actor.changes();
    link(&mut changes, request, &customer, actor);
    Ok(store.apply(changes.batch()).await?)
}

/// Marks request `id` accepted (the customer's Global admin accepted it).
pub async fn accept_request<S: Store>(store: &S, id: Uuid, actor: &Actor<'_>) -> Result<(), RequestError> {
    let mut request = store.requests().await?.into_iter().find(|r| r.id == id).ok_or(RequestError::NotFound)?;
    request.status = RequestStatus::Accepted;
    request.accepted_at = Some(actor.now);
    write(store, request, Action::RelationshipRequestAccepted, actor).await
}

/// Writes `request` with its activity entry `action` (created when the request is new).
async fn write<S: Store>(
    store: &S,
    request: RelationshipRequest,
    action: Action,
    actor: &Actor<'_>,
) -> Result<(), RequestError> {
    let op = if action == Action::RelationshipRequested { Op::Create } else { Op::Update };
    let detail = Detail::DelegatedAdmin { asked: request.delegated_admin };
    let mut changes = actor.changes();
    changes.change(op, Record::Request(request), action, detail);
    Ok(store.apply(changes.batch()).await?)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::domain::invitation::Cloud;
    use crate::domain::timestamp::Timestamp;
    use crate::store::memory::MemoryStore;
    use futures::executor::block_on;

    const ACTOR: Actor<'static> = Actor { user: "Anna", now: Timestamp(7) };

    #[test]
    fn a_request_needs_the_partner_id_then_is_pending_until_accepted() {
        let store = MemoryStore::default();
        block_on(async {
            assert_eq!(
                request_relationship(&store, "Contoso", true, None, None, &ACTOR).await,
                Err(RequestError::NoPartnerId)
            );
            let bad = PartnerProfile { partner_id: "123".into(), ..Default::default() };
            assert_eq!(
                save_partner_profile(&store, &bad).await,
                Err(RequestError::PartnerId(FieldError::InvalidPartnerId))
            );
            let good = PartnerProfile {
                partner_id: " 1B2C3D4E-5F60-4A7B-8C9D-0E1F2A3B4C5D ".into(),
                company_name: "Fabrikam".into(),
                cloud: Cloud::Germany,
                email_domains: String::new(),
                user_name: " Jana Schulz ".into(),
            };
            // The name goes into every activity entry: a pasted novel is refused, and nothing is saved.
            let novel = PartnerProfile { user_name: "J".repeat(10_000), ..good.clone() };
            assert_eq!(
                save_partner_profile(&store, &novel).await,
                Err(RequestError::UserName(FieldError::TooLong { max: NAME_MAX, actual: 10_000 }))
            );
            assert_eq!(store.partner_profile().await.unwrap(), None);
            let saved = save_partner_profile(&store, &good).await.unwrap();
            assert_eq!(store.partner_profile().await.unwrap(), Some(saved.clone()));
            assert_eq!(saved.user_name, "Jana Schulz");
            assert_eq!(
                store.partner_profile().await.unwrap().unwrap().partner_id,
                "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"
            );
            assert!(matches!(
                request_relationship(&store, " ", true, None, None, &ACTOR).await,
                Err(RequestError::Recipient(_))
            ));
            let roles = vec!["Global Reader".to_string()];
            let gdap = GdapInput { name: "Contoso support", days: "365", roles: &roles, auto_extend: true };
            let r = request_relationship(&store, "Contoso Ltd", false, Some(gdap), None, &ACTOR).await.unwrap();
            assert_eq!(r.gdap.as_ref().map(|g| g.duration_days), Some(365));
            let again = request_relationship(&store, "Other", false, Some(gdap), None, &ACTOR).await;
            assert_eq!(again, Err(RequestError::Gdap(GdapError::NameTaken("Contoso support".into()))));
            assert!(r.url.starts_with("https://portal.office.de/") && r.url.contains("DAP=false"));
            assert_eq!(r.status, RequestStatus::Pending);
            accept_request(&store, r.id, &ACTOR).await.unwrap();
            assert_eq!(store.requests().await.unwrap()[0].status, RequestStatus::Accepted);
            let log = store.activity(None).await.unwrap();
            assert_eq!(log.len(), 2);
            assert_eq!(store.outbox().await.unwrap().len(), 4, "2 changes, each with its log line");
        });
    }
}
