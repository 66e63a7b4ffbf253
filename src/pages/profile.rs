//! `/profile`: the business profile, one per region — logo (checked in the browser: GIF, JPG or PNG, at most
//! 300 px wide), description with a live counter, expertise, up to five locations per country, preferred
//! customer size — and a preview of how customers see it. Edits of each region are kept while switching.

use std::collections::HashMap;

use base64::Engine;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::components::file_choice::FileChoice;
use crate::domain::country::COUNTRY_CODES;
use crate::domain::invitation::Feature;
use crate::domain::profile::{
    check_logo, BusinessProfile, CustomerSize, Location, Logo, ProfileError, ProfileField, ProfileForm, Region,
    DESCRIPTION_MAX,
};
use crate::domain::validation::parse_tags;
use crate::i18n::labels::Label;
use crate::i18n::texts::{Common as C, Profile as Pr};
use crate::i18n::view::{say, t, tf, tr, Said};
use crate::i18n::{fill, Text};
use crate::platform::{self, country_name, format_count, href, locale};
use crate::state::use_app;
use crate::store::Store;
use crate::usecases::{save_business_profile, Actor, ProfileUseError};

/// The business profile page; only where the partner's cloud offers business profiles.
#[component]
pub fn BusinessProfilePage() -> impl IntoView {
    let app = use_app();
    let cloud = move || app.partner.with(|p| p.as_ref().map(|p| p.cloud).unwrap_or_default());
    view! {
        <div class="page-head"><h1>{t(Pr::Title)}</h1></div>
        <p class="lead">{t(Pr::Lead)}</p>
        {move || if cloud().offers(Feature::BusinessProfile) {
            view! { <ProfileEditor/> }.into_any()
        } else {
            view! {
                <p class="notice notice-info" id="profile-not-offered">
                    {move || tf(Pr::NotOffered, &[&cloud().label_in(locale::current())])}
                    <A href=href("/settings")>{t(Pr::ChangeCloud)}</A>
                </p>
            }.into_any()
        }}
    }
}

/// The countries for a location, by name in the UI's language.
fn countries() -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = COUNTRY_CODES.iter().map(|c| (c.to_string(), country_name(c))).collect();
    all.sort_by(|a, b| a.1.cmp(&b.1));
    all
}

#[component]
fn ProfileEditor() -> impl IntoView {
    let app = use_app();
    let region = RwSignal::new(Region::Europe);
    let saved = RwSignal::new(Vec::<BusinessProfile>::new());
    let form = RwSignal::new(ProfileForm::default());
    let edits = StoredValue::new(HashMap::<Region, ProfileForm>::new());
    let show_all = RwSignal::new(false);
    let logo_error = RwSignal::new(None::<Said>);
    let status = RwSignal::new(None::<(bool, Said)>);

    let saved_form = move |r: Region| {
        saved
            .with_untracked(|all| all.iter().find(|p| p.region == r).map(ProfileForm::from_profile))
            .unwrap_or_default()
    };
    let store = app.store.clone();
    spawn_local(async move {
        if let Ok(all) = store.business_profiles().await {
            saved.set(all);
            form.set(saved_form(region.get_untracked()));
        }
    });
    let switch = move |r: Region| {
        edits.update_value(|e| {
            e.insert(region.get_untracked(), form.get_untracked());
        });
        let next = edits.with_value(|e| e.get(&r).cloned()).unwrap_or_else(|| saved_form(r));
        region.set(r);
        form.set(next);
        show_all.set(false);
        logo_error.set(None);
        status.set(None);
    };

    let problems = Problems { show_all, list: Memo::new(move |_| form.with(ProfileForm::problems)) };
    let count = move || form.with(ProfileForm::description_len);
    let over = move || count() > DESCRIPTION_MAX;

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (app, r, f) = (app.clone(), region.get_untracked(), form.get_untracked());
        let opened = saved_form(r);
        show_all.set(true);
        status.set(None);
        spawn_local(async move {
            let user = app.user_name();
            let actor = Actor { user: &user, now: platform::now() };
            match save_business_profile(&app.store, r, &opened, &f, &actor).await {
                Ok(profile) => {
                    saved.update(|all| {
                        all.retain(|p| p.region != r);
                        all.push(profile);
                    });
                    edits.update_value(|e| {
                        e.remove(&r);
                    });
                    show_all.set(false);
                    status.set(Some((true, Said::new(move |l| fill(Pr::SavedFor.in_(l), &[&r.label_in(l)])))));
                }
                Err(ProfileUseError::Invalid(_)) => status.set(Some((false, Said::text(C::FieldsNeedAttention)))),
                Err(e) => status.set(Some((false, Said::error(e)))),
            }
        });
    };

    view! {
        <div class="profile-layout">
            <form class="card profile-form" on:submit=save novalidate>
                <RegionPicker region saved switch=Callback::new(switch)/>
                <LogoField form problems logo_error/>
                <div class="field" class:has-error=over>
                    <label for="profile-description">{t(Pr::Description)}</label>
                    <p class="hint">{t(Pr::DescriptionHint)}</p>
                    <textarea id="profile-description" rows="8" aria-describedby="profile-description-count"
                        prop:value=move || form.with(|f| f.description.clone())
                        on:input:target=move |ev| { let v = ev.target().value(); form.update(|f| f.description = v) }></textarea>
                    <p class="counter" id="profile-description-count" aria-live="polite" class:over=over>
                        {move || tf(Pr::Counter, &[&format_count(count()), &format_count(DESCRIPTION_MAX)])}
                    </p>
                    {move || problems.said(ProfileField::Description).map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </div>
                <div class="field">
                    <label for="profile-expertise">{t(Pr::Expertise)}</label>
                    <p class="hint">{t(Pr::ExpertiseHint)}</p>
                    <input id="profile-expertise" type="text" prop:value=move || form.with(|f| f.expertise.clone())
                        on:input:target=move |ev| { let v = ev.target().value(); form.update(|f| f.expertise = v) }/>
                    {move || problems.said(ProfileField::Expertise).map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </div>
                <Locations form problems/>
                <div class="field">
                    <label for="profile-size">{t(Pr::CustomerSize)}</label>
                    <select id="profile-size" on:change:target=move |ev| {
                        let size = CustomerSize::from_key(&ev.target().value()).unwrap_or_default();
                        form.update(|f| f.customer_size = size)
                    }>
                        {CustomerSize::ALL.map(|s| view! {
                            <option value=s.key() selected=move || form.with(|f| f.customer_size == s)>
                                {move || s.label_in(locale::current())}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="actions">
                    {move || status.get().map(|(ok, text)| view! {
                        <p class=if ok { "notice notice-success" } else { "notice notice-error" } role="status" id="profile-status">{text.now()}</p>
                    })}
                    <button class="button primary" type="submit" id="save-profile">{t(Pr::Save)}</button>
                </div>
            </form>
            <Preview form/>
        </div>
    }
}

/// The region whose profile is edited, each marked when it has a saved profile.
#[component]
fn RegionPicker(
    region: RwSignal<Region>,
    saved: RwSignal<Vec<BusinessProfile>>,
    switch: Callback<Region>,
) -> impl IntoView {
    let is_saved = move |r: Region| saved.with(|s| s.iter().any(|p| p.region == r));
    view! {
        <div class="field">
            <label for="profile-region">{t(Pr::Region)}</label>
            <select id="profile-region" on:change:target=move |ev| {
                if let Some(r) = Region::from_key(&ev.target().value()) { switch.run(r) }
            }>
                {Region::ALL.map(|r| view! {
                    <option value=r.key() selected=move || region.get() == r>
                        {move || format!("{}{}", r.label_in(locale::current()), if is_saved(r) { " ✓" } else { "" })}
                    </option>
                }).collect_view()}
            </select>
            <p class="hint" data-testid="profile-saved-state">
                {move || if is_saved(region.get()) { tr(Pr::Saved) } else { tr(Pr::NotSaved) }}
            </p>
        </div>
    }
}

/// The form's problems, said next to their fields once the partner tried to save.
#[derive(Clone, Copy)]
struct Problems {
    show_all: RwSignal<bool>,
    list: Memo<Vec<(ProfileField, ProfileError)>>,
}

impl Problems {
    /// The problem of `field` in words, once they are shown.
    fn said(self, field: ProfileField) -> Option<String> {
        self.show_all
            .get()
            .then(|| self.list.with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, e)| say(e))))
            .flatten()
    }
}

/// The logo: chosen from a file and checked in the browser before it is kept (`logo_error` says why not).
#[component]
fn LogoField(form: RwSignal<ProfileForm>, problems: Problems, logo_error: RwSignal<Option<Said>>) -> impl IntoView {
    let checking = RwSignal::new(false);
    let logo_invalid = move || logo_error.with(Option::is_some) || problems.said(ProfileField::Logo).is_some();
    let on_logo = move |file: web_sys::File| {
        checking.set(true);
        logo_error.set(None);
        spawn_local(async move {
            let result = read_logo(&file).await;
            checking.set(false);
            match result {
                Ok(logo) => form.update(|f| f.logo = Some(logo)),
                Err(e) => logo_error.set(Some(Said::error(e))),
            }
        });
    };
    view! {
        <div class="field" class:has-error=logo_invalid>
            <label for="profile-logo">{t(Pr::Logo)}</label>
            <p class="hint" id="profile-logo-hint">{t(Pr::LogoHint)}</p>
            <FileChoice id="profile-logo" accept=".gif,.jpg,.jpeg,.png,image/gif,image/jpeg,image/png"
                described_by="profile-logo-hint" unnamed=true on_file=Callback::new(on_logo)/>
            {move || checking.get().then(|| view! { <p class="muted small">{t(Pr::Checking)}</p> })}
            {move || logo_error.get().map(|e| e.now()).or_else(|| problems.said(ProfileField::Logo)).map(|e| view! {
                <p class="field-error" role="alert" id="profile-logo-error">{e}</p>
            })}
            {move || form.with(|f| f.logo.clone()).map(|logo| view! {
                <div class="logo-current">
                    <img src=logo.data_url() alt="" width=logo.width height=logo.height/>
                    <span class="muted small" data-testid="logo-size">{move || tf(Pr::LogoSize, &[&logo.width, &logo.height])}</span>
                    <button type="button" class="button subtle" id="remove-logo" on:click=move |_| form.update(|f| f.logo = None)>
                        {t(Pr::RemoveLogo)}
                    </button>
                </div>
            })}
        </div>
    }
}

/// Up to five locations per country, each a row of its own.
#[component]
fn Locations(form: RwSignal<ProfileForm>, problems: Problems) -> impl IntoView {
    // Rows are made when a location is added or removed, not on every keystroke; the country names are
    // made once per language (249 `Intl` look-ups), not per row and change.
    let location_count = Memo::new(move |_| form.with(|f| f.locations.len()));
    let country_list = Memo::new(|_| countries());
    let location_rows = move || {
        (0..location_count.get())
            .map(|i| {
                let get = move |pick: fn(&Location) -> String| {
                    move || form.with(|f| f.locations.get(i).map(pick).unwrap_or_default())
                };
                let set = move |change: fn(&mut Location, String)| {
                    move |ev: leptos::ev::Event| {
                        let v = event_target_value(&ev);
                        form.update(|f| {
                            if let Some(l) = f.locations.get_mut(i) {
                                change(l, v)
                            }
                        })
                    }
                };
                let country = Memo::new(move |_| get(|l| l.country.clone())());
                view! {
                    <li class="location-row">
                        <div class="field">
                            <label for=format!("location-country-{i}")>{t(Pr::Country)}</label>
                            <select id=format!("location-country-{i}") on:change=set(|l, v| l.country = v)>
                                <option value="">{t(crate::i18n::texts::Form::ChooseCountry)}</option>
                                {move || country_list.get().into_iter().map(|(code, name)| {
                                    let value = code.clone();
                                    view! { <option value=code selected=move || country.get() == value>{name}</option> }
                                }).collect_view()}
                            </select>
                            {move || problems.said(ProfileField::LocationCountry(i)).map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                        </div>
                        <div class="field">
                            <label for=format!("location-city-{i}")>{t(Pr::City)}</label>
                            <input id=format!("location-city-{i}") type="text" prop:value=get(|l| l.city.clone()) on:input=set(|l, v| l.city = v)/>
                            {move || problems.said(ProfileField::LocationCity(i)).map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                        </div>
                        <div class="field">
                            <label for=format!("location-address-{i}")>{t(Pr::Address)}</label>
                            <input id=format!("location-address-{i}") type="text" prop:value=get(|l| l.address.clone()) on:input=set(|l, v| l.address = v)/>
                        </div>
                        <button type="button" class="button subtle remove-location"
                            aria-label=move || tf(Pr::RemoveLocation, &[&(i + 1)])
                            on:click=move |_| form.update(|f| { if i < f.locations.len() { f.locations.remove(i); } })>
                            {t(C::Remove)}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <fieldset class="locations">
            <legend>{t(Pr::Locations)}</legend>
            <p class="hint">{t(Pr::LocationsHint)}</p>
            {move || form.with(|f| f.locations.is_empty()).then(|| view! { <p class="muted">{t(Pr::NoLocations)}</p> })}
            <ol class="location-list">{location_rows}</ol>
            <button type="button" class="button" id="add-location"
                on:click=move |_| form.update(|f| f.locations.push(Location::default()))>{t(Pr::AddLocation)}</button>
        </fieldset>
    }
}

/// Reads a chosen logo file, checks it, and keeps it as base64 — or says why not.
async fn read_logo(file: &web_sys::File) -> Result<Logo, ProfileError> {
    let mime = file.type_();
    // The type and the file size are known before decoding; the width only once the browser decoded it.
    check_logo(&mime, file.size() as usize, 0)?;
    let (width, height) = platform::image_size(file).await.ok_or(ProfileError::LogoUnreadable)?;
    check_logo(&mime, file.size() as usize, width)?;
    let bytes = platform::read_file(file).await.map_err(|_| ProfileError::LogoUnreadable)?;
    Ok(Logo { mime, width, height, data: base64::engine::general_purpose::STANDARD.encode(bytes) })
}

/// How customers see the profile, live as it is edited.
#[component]
fn Preview(form: RwSignal<ProfileForm>) -> impl IntoView {
    let app = use_app();
    let company = move || {
        app.partner
            .with(|p| p.as_ref().map(|p| p.company_name.clone()).filter(|n| !n.trim().is_empty()))
            .unwrap_or_else(|| tr(Pr::YourCompany).into())
    };
    view! {
        <aside class="card profile-preview" aria-labelledby="preview-heading" id="profile-preview">
            <h2 id="preview-heading">{t(Pr::Preview)}</h2>
            <div class="preview-card">
                <header class="preview-head">
                    {move || form.with(|f| f.logo.clone()).map(|logo| view! {
                        <img class="preview-logo" src=logo.data_url() alt="" width=logo.width height=logo.height/>
                    })}
                    <h3>{company}</h3>
                </header>
                {move || {
                    let text = form.with(|f| f.description.trim().to_string());
                    if text.is_empty() {
                        view! { <p class="muted">{t(Pr::NoDescription)}</p> }.into_any()
                    } else {
                        text.split("\n\n").map(|p| view! { <p>{p.to_string()}</p> }).collect_view().into_any()
                    }
                }}
                <p class="preview-tags">
                    {move || parse_tags(&form.with(|f| f.expertise.clone())).into_iter().map(|t| view! { <span class="tag">{t}</span> }).collect_view()}
                </p>
                {move || {
                    let places: Vec<String> = form.with(|f| {
                        f.locations
                            .iter()
                            .filter(|l| !l.city.trim().is_empty())
                            .map(|l| format!("{} ({})", l.city.trim(), country_name(&l.country)))
                            .collect()
                    });
                    (!places.is_empty()).then(|| view! { <p class="small">{tf(Pr::LocatedIn, &[&places.join(" · ")])}</p> })
                }}
                <p class="small muted">{move || tf(Pr::Serves, &[&form.with(|f| f.customer_size).label_in(locale::current())])}</p>
            </div>
        </aside>
    }
}
