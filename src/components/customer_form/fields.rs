//! The fields of a customer form: company, primary contact, address — plus, when adding, the domain
//! prefix, tags and the MCA attestation. A refused submit lists the problems at the top, focused.

use leptos::prelude::*;

use super::state::{bind, CustomerForm, FormMode};
use crate::components::error_summary::{show_problems, ErrorSummary};
use crate::components::field::{DateField, SelectField, TextField};
use crate::domain::country::COUNTRY_CODES;
use crate::domain::validation::Field;
use crate::i18n::texts::Form as F;
use crate::i18n::view::{t, tf, tr};
use crate::i18n::Tx;
use crate::platform::country_name;

/// Cultures offered for the billing contact; the language follows the culture unless changed.
const CULTURES: [&str; 20] = [
    "de-DE", "de-AT", "de-CH", "en-US", "en-GB", "fr-FR", "fr-CH", "it-IT", "es-ES", "nl-NL", "pl-PL", "pt-BR",
    "sv-SE", "da-DK", "nb-NO", "fi-FI", "cs-CZ", "hu-HU", "tr-TR", "ja-JP",
];
const LANGUAGES: [&str; 16] =
    ["cs", "da", "de", "en", "es", "fi", "fr", "hu", "it", "ja", "nb", "nl", "pl", "pt", "sv", "tr"];

/// The form's element id (its list of problems is `customer-form-problems`).
const FORM_ID: &str = "customer-form";

/// The form; `on_submit` runs only when nothing blocks it.
#[component]
pub fn CustomerFields(
    form: CustomerForm,
    /// The submit button's text.
    #[prop(into)]
    submit_label: Tx,
    /// The submit button's id.
    submit_id: &'static str,
    /// Called when the form is submitted and valid.
    on_submit: Callback<()>,
    /// Shown left of the submit button.
    #[prop(optional, into)]
    footer_note: Option<Tx>,
    /// Extra buttons beside the submit button (e.g. Cancel).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let wizard = form;
    let adding = form.mode == FormMode::New;
    let err = move |f| wizard.visible_error(f);
    let touch = move |f| wizard.touch(f);
    let cultures: Vec<(String, String)> = CULTURES.iter().map(|c| (c.to_string(), c.to_string())).collect();
    let languages: Vec<(String, String)> = LANGUAGES.iter().map(|l| (l.to_string(), l.to_string())).collect();

    let (company, set_company) = bind!(wizard, company_name);
    let (prefix, set_prefix) = bind!(wizard, domain_prefix);
    let (first, set_first) = bind!(wizard, first_name);
    let (last, set_last) = bind!(wizard, last_name);
    let (email, set_email) = bind!(wizard, email);
    let (culture, _) = bind!(wizard, culture);
    let (language, set_language) = bind!(wizard, language);

    let set_culture = Callback::new(move |c: String| {
        wizard.draft.update(|d| {
            d.language = c.split('-').next().unwrap_or_default().to_string();
            d.culture = c;
        })
    });
    // Open from the start when the form comes back with its problems shown (a submit the store refused).
    let problems_open = RwSignal::new(wizard.show_all.get_untracked());
    let next = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if wizard.is_complete() {
            on_submit.run(());
        } else {
            wizard.show_all.set(true);
            show_problems(FORM_ID, problems_open);
        }
    };
    let changes = Signal::derive(move || {
        wizard.draft.track();
        wizard.show_all.track();
    });
    let yes = Signal::from(true);

    view! {
        <form class="wizard-form" id=FORM_ID novalidate on:submit=next>
            <ErrorSummary form_id=FORM_ID open=problems_open changes/>
            <fieldset class="card">
                <legend>{t(F::Company)}</legend>
                <TextField label=F::CompanyName id="company_name" value=company on_input=set_company on_blur=touch(Field::CompanyName)
                    error=err(Field::CompanyName) warnings=wizard.warnings(Field::CompanyName) required=yes autocomplete="organization"/>
                <Show when=move || adding fallback=move || view! {
                    <p class="hint">{t(F::PrimaryDomainIs)}<span class="mono">{move || wizard.draft.with(|d| d.primary_domain())}</span>{t(F::CantBeChanged)}</p>
                }>
                    <TextField label=F::DomainName id="domain_prefix" value=prefix on_input=set_prefix on_blur=touch(Field::DomainPrefix)
                        error=err(Field::DomainPrefix) warnings=wizard.warnings(Field::DomainPrefix) required=yes
                        suffix=".onmicrosoft.com" hint=F::DomainHint/>
                </Show>
            </fieldset>
            <fieldset class="card">
                <legend>{t(F::PrimaryContact)}</legend>
                <div class="row">
                    <TextField label=F::FirstName id="first_name" value=first on_input=set_first on_blur=touch(Field::FirstName)
                        error=err(Field::FirstName) required=yes autocomplete="given-name"/>
                    <TextField label=F::LastName id="last_name" value=last on_input=set_last on_blur=touch(Field::LastName)
                        error=err(Field::LastName) required=yes autocomplete="family-name"/>
                </div>
                <TextField label=F::Email id="email" input_type="email" value=email on_input=set_email on_blur=touch(Field::Email)
                    error=err(Field::Email) required=yes autocomplete="email" hint=F::EmailHint/>
                <div class="row">
                    <SelectField label=F::Culture id="culture" value=culture on_change=set_culture error=err(Field::Culture) options=cultures/>
                    <SelectField label=F::Language id="language" value=language on_change=set_language error=err(Field::Language) options=languages/>
                </div>
            </fieldset>
            <AddressFields form/>
            {adding.then(|| view! { <AttestationFields form/> })}
            <div class="actions">
                {footer_note.map(|note| view! { <p class="muted small">{t(note)}</p> })}
                {children.map(|c| c())}
                <button type="submit" class="button primary" id=submit_id>{t(submit_label)}</button>
            </div>
        </form>
    }
}

/// The billing address, with the phone and registration id some countries need.
#[component]
fn AddressFields(form: CustomerForm) -> impl IntoView {
    let err = move |f| form.visible_error(f);
    let touch = move |f| form.touch(f);
    let needs_phone = Signal::derive(move || form.draft.with(|d| d.needs_phone_and_registration()));
    let needs_postal = Signal::derive(move || form.draft.with(|d| d.needs_postal_code()));
    let country_hint = move || {
        needs_phone.get().then(|| tf(F::CountryNeeds, &[&country_name(&form.draft.with(|d| d.country_code()))]))
    };
    // Country names follow the language, and so does their order.
    let countries = Signal::derive(|| {
        let mut countries: Vec<(String, String)> =
            COUNTRY_CODES.iter().map(|c| (c.to_string(), country_name(c))).collect();
        countries.sort_by(|a, b| a.1.cmp(&b.1));
        countries.insert(0, (String::new(), tr(F::ChooseCountry).into()));
        countries
    });
    let set_country = Callback::new(move |c: String| {
        form.draft.update(|d| d.country = c);
        form.touched.update(|t| {
            t.insert(Field::Country);
        });
    });
    let (country, _) = bind!(form, country);
    let (line1, set_line1) = bind!(form, address_line1);
    let (line2, set_line2) = bind!(form, address_line2);
    let (line3, set_line3) = bind!(form, address_line3);
    let (city, set_city) = bind!(form, city);
    let (state, set_state) = bind!(form, state);
    let (postal, set_postal) = bind!(form, postal_code);
    let (phone, set_phone) = bind!(form, phone);
    let (org_id, set_org_id) = bind!(form, org_registration_id);
    let yes = Signal::from(true);
    view! {
        <fieldset class="card">
            <legend>{t(F::Address)}</legend>
            <SelectField label=F::Country id="country" value=country on_change=set_country error=err(Field::Country) options=countries/>
            {move || country_hint().map(|h| view! { <p class="notice notice-info">{h}</p> })}
            <TextField label=F::Line1 id="address_line1" value=line1 on_input=set_line1 on_blur=touch(Field::AddressLine1)
                error=err(Field::AddressLine1) required=yes autocomplete="address-line1"/>
            <TextField label=F::Line2 id="address_line2" value=line2 on_input=set_line2 on_blur=touch(Field::AddressLine2)
                error=err(Field::AddressLine2) autocomplete="address-line2"/>
            <TextField label=F::Line3 id="address_line3" value=line3 on_input=set_line3 on_blur=touch(Field::AddressLine3)
                error=err(Field::AddressLine3) autocomplete="address-line3"/>
            <div class="row">
                <TextField label=F::PostalCode id="postal_code" value=postal on_input=set_postal on_blur=touch(Field::PostalCode)
                    error=err(Field::PostalCode) required=needs_postal autocomplete="postal-code"/>
                <TextField label=F::City id="city" value=city on_input=set_city on_blur=touch(Field::City)
                    error=err(Field::City) required=yes autocomplete="address-level2"/>
            </div>
            <TextField label=F::State id="state" value=state on_input=set_state on_blur=touch(Field::State)
                error=err(Field::State) autocomplete="address-level1"/>
            <div class="row">
                <TextField label=F::Phone id="phone" input_type="tel" value=phone on_input=set_phone on_blur=touch(Field::Phone)
                    error=err(Field::Phone) required=needs_phone autocomplete="tel"/>
                <TextField label=F::OrgId id="org_registration_id" value=org_id on_input=set_org_id
                    on_blur=touch(Field::OrgRegistrationId) error=err(Field::OrgRegistrationId) required=needs_phone/>
            </div>
        </fieldset>
    }
}

/// A new customer's tags, and who accepted the Microsoft Customer Agreement (copied from the contact on
/// request).
#[component]
fn AttestationFields(form: CustomerForm) -> impl IntoView {
    let err = move |f| form.visible_error(f);
    let touch = move |f| form.touch(f);
    let copy_contact = move |_| {
        form.draft.update(|d| {
            d.mca_first_name = d.first_name.clone();
            d.mca_last_name = d.last_name.clone();
            d.mca_email = d.email.clone();
            d.mca_phone = d.phone.clone();
        })
    };
    let (tags, set_tags) = bind!(form, tags);
    let (mca_first, set_mca_first) = bind!(form, mca_first_name);
    let (mca_last, set_mca_last) = bind!(form, mca_last_name);
    let (mca_email, set_mca_email) = bind!(form, mca_email);
    let (mca_phone, set_mca_phone) = bind!(form, mca_phone);
    let (mca_date, set_mca_date) = bind!(form, mca_date);
    let yes = Signal::from(true);
    view! {
        <fieldset class="card">
                <legend>{t(F::Tags)}</legend>
                <TextField label=F::Tags id="tags" value=tags on_input=set_tags on_blur=touch(Field::Tags) error=err(Field::Tags)
                    hint=F::TagsHint/>
            </fieldset>
            <fieldset class="card">
                <legend>{t(F::Mca)}</legend>
                <p class="hint">{t(F::McaHint)}</p>
                <button type="button" class="button subtle" on:click=copy_contact>{t(F::SamePerson)}</button>
                <div class="row">
                    <TextField label=F::FirstName id="mca_first_name" value=mca_first on_input=set_mca_first on_blur=touch(Field::McaFirstName)
                        error=err(Field::McaFirstName) required=yes/>
                    <TextField label=F::LastName id="mca_last_name" value=mca_last on_input=set_mca_last on_blur=touch(Field::McaLastName)
                        error=err(Field::McaLastName) required=yes/>
                </div>
                <TextField label=F::Email id="mca_email" input_type="email" value=mca_email on_input=set_mca_email
                    on_blur=touch(Field::McaEmail) error=err(Field::McaEmail) required=yes/>
                <div class="row">
                    <TextField label=F::PhoneOptional id="mca_phone" input_type="tel" value=mca_phone on_input=set_mca_phone
                        on_blur=touch(Field::McaPhone) error=err(Field::McaPhone)/>
                    <DateField label=F::McaDate id="mca_date" value=mca_date on_input=set_mca_date
                        on_blur=touch(Field::McaDate) error=err(Field::McaDate) required=yes/>
                </div>
            </fieldset>
    }
}
