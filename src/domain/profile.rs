//! The business profile customers see when they look for a partner, kept per region: a description of at
//! most 2,500 characters, a logo (GIF, JPG or PNG, at most 300 px wide), expertise tags, at most five
//! locations per country, and the customer size the partner prefers.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::timestamp::Timestamp;
use super::validation::{self, FieldError};

/// Longest description, in characters.
pub const DESCRIPTION_MAX: usize = 2_500;
/// Widest logo, in pixels.
pub const LOGO_MAX_WIDTH: u32 = 300;
/// Largest logo file this app keeps (it syncs with the rest), in bytes.
pub const LOGO_MAX_BYTES: usize = 256 * 1024;
/// Most locations in one country.
pub const LOCATIONS_PER_COUNTRY: usize = 5;
/// Most expertise tags, and the longest one.
pub const EXPERTISE_MAX: usize = 20;
/// Longest expertise tag, in characters.
pub const EXPERTISE_TAG_MAX: usize = 50;
/// Image types a logo may have.
pub const LOGO_TYPES: [&str; 3] = ["image/gif", "image/jpeg", "image/png"];

/// A region with a profile of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    Europe,
    NorthAmerica,
    LatinAmerica,
    AsiaPacific,
    MiddleEastAfrica,
}

impl Region {
    /// Every region, in the order the page lists them.
    pub const ALL: [Region; 5] =
        [Region::Europe, Region::NorthAmerica, Region::LatinAmerica, Region::AsiaPacific, Region::MiddleEastAfrica];

    /// The English name.
    pub fn label(self) -> &'static str {
        match self {
            Region::Europe => "Europe",
            Region::NorthAmerica => "North America",
            Region::LatinAmerica => "Latin America",
            Region::AsiaPacific => "Asia Pacific",
            Region::MiddleEastAfrica => "Middle East and Africa",
        }
    }

    /// Stable machine name, for form values.
    pub fn key(self) -> &'static str {
        match self {
            Region::Europe => "europe",
            Region::NorthAmerica => "north_america",
            Region::LatinAmerica => "latin_america",
            Region::AsiaPacific => "asia_pacific",
            Region::MiddleEastAfrica => "middle_east_africa",
        }
    }

    /// The region whose [`key`](Self::key) is `key`.
    pub fn from_key(key: &str) -> Option<Region> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The profile's record id: the same on every device, so two devices editing one region's profile
    /// edit one record (and sync merges them) instead of making two.
    pub fn profile_id(self) -> Uuid {
        Uuid::from_u128(0x0b05_1e55_0000_4000_8000_0000_0000_0000 | (self as u128 + 1))
    }
}

/// The size of customer the partner prefers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerSize {
    #[default]
    Any,
    Small,
    Medium,
    Large,
}

impl CustomerSize {
    /// Every size, in the order the form lists them.
    pub const ALL: [CustomerSize; 4] =
        [CustomerSize::Any, CustomerSize::Small, CustomerSize::Medium, CustomerSize::Large];

    /// The English words.
    pub fn label(self) -> &'static str {
        match self {
            CustomerSize::Any => "Any size",
            CustomerSize::Small => "Small (1–99 employees)",
            CustomerSize::Medium => "Medium (100–999 employees)",
            CustomerSize::Large => "Large (1,000 or more employees)",
        }
    }

    /// Stable machine name, for form values.
    pub fn key(self) -> &'static str {
        match self {
            CustomerSize::Any => "any",
            CustomerSize::Small => "small",
            CustomerSize::Medium => "medium",
            CustomerSize::Large => "large",
        }
    }

    /// The size whose [`key`](Self::key) is `key`.
    pub fn from_key(key: &str) -> Option<CustomerSize> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// The logo, kept on this device as a data URL's parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logo {
    /// `image/gif`, `image/jpeg` or `image/png`.
    pub mime: String,
    pub width: u32,
    pub height: u32,
    /// The file, base64.
    pub data: String,
}

impl Logo {
    /// The logo as a `data:` URL for an `<img>`.
    pub fn data_url(&self) -> String {
        format!("data:{};base64,{}", self.mime, self.data)
    }
}

/// An office where customers can meet the partner.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// ISO country code.
    pub country: String,
    pub city: String,
    #[serde(default)]
    pub address: String,
}

/// One region's business profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessProfile {
    /// [`Region::profile_id`] of the region.
    pub id: Uuid,
    pub region: Region,
    pub description: String,
    #[serde(default)]
    pub logo: Option<Logo>,
    #[serde(default)]
    pub expertise: Vec<String>,
    #[serde(default)]
    pub locations: Vec<Location>,
    #[serde(default)]
    pub customer_size: CustomerSize,
    pub updated_at: Timestamp,
}

/// Why a logo or a profile can't be kept as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("{0}")]
    Field(FieldError),
    #[error("Use a GIF, JPG or PNG image (this file is {0}).")]
    LogoType(String),
    #[error("The logo is {0} px wide; it can be at most 300 px wide.")]
    LogoTooWide(u32),
    #[error("The logo file is {0} KB; it can be at most 256 KB.")]
    LogoTooLarge(usize),
    #[error("The file could not be read as an image.")]
    LogoUnreadable,
    #[error("At most 5 locations per country: {0} has {1}.")]
    TooManyLocations(String, usize),
}

/// The part of the profile form a message belongs next to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProfileField {
    Description,
    Logo,
    Expertise,
    /// The location at this index: its country.
    LocationCountry(usize),
    /// The location at this index: its city.
    LocationCity(usize),
}

/// Checks a logo file before it is kept: its type, its size and the width the browser measured.
pub fn check_logo(mime: &str, bytes: usize, width: u32) -> Result<(), ProfileError> {
    if !LOGO_TYPES.contains(&mime) {
        let shown = if mime.is_empty() { "of an unknown type".to_string() } else { mime.to_string() };
        return Err(ProfileError::LogoType(shown));
    }
    if bytes > LOGO_MAX_BYTES {
        return Err(ProfileError::LogoTooLarge(bytes.div_ceil(1024)));
    }
    if width > LOGO_MAX_WIDTH {
        return Err(ProfileError::LogoTooWide(width));
    }
    Ok(())
}

/// The profile form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileForm {
    pub description: String,
    pub logo: Option<Logo>,
    /// Comma-separated.
    pub expertise: String,
    pub locations: Vec<Location>,
    pub customer_size: CustomerSize,
}

impl ProfileForm {
    /// The form showing `profile`.
    pub fn from_profile(profile: &BusinessProfile) -> ProfileForm {
        ProfileForm {
            description: profile.description.clone(),
            logo: profile.logo.clone(),
            expertise: profile.expertise.join(", "),
            locations: profile.locations.clone(),
            customer_size: profile.customer_size,
        }
    }

    /// This form as saved over `stored` (the profile as stored now), given `opened` (the profile as the page
    /// read it): a field the partner left as it was keeps what is stored now — a sync or another tab may
    /// have changed it meanwhile.
    pub fn saved_over(self, opened: &ProfileForm, stored: &ProfileForm) -> ProfileForm {
        fn keep<T: PartialEq + Clone>(typed: T, opened: &T, stored: &T) -> T {
            if typed == *opened {
                stored.clone()
            } else {
                typed
            }
        }
        ProfileForm {
            description: keep(self.description, &opened.description, &stored.description),
            logo: keep(self.logo, &opened.logo, &stored.logo),
            expertise: keep(self.expertise, &opened.expertise, &stored.expertise),
            locations: keep(self.locations, &opened.locations, &stored.locations),
            customer_size: keep(self.customer_size, &opened.customer_size, &stored.customer_size),
        }
    }

    /// Characters in the description, for the live counter.
    pub fn description_len(&self) -> usize {
        self.description.chars().count()
    }

    /// Every problem of the form, each with the field it belongs to (empty: it can be saved).
    pub fn problems(&self) -> Vec<(ProfileField, ProfileError)> {
        let mut problems = Vec::new();
        if let Err(e) = validation::length(&self.description, 0, DESCRIPTION_MAX) {
            problems.push((ProfileField::Description, ProfileError::Field(e)));
        }
        if let Some(logo) = &self.logo {
            let bytes = logo.data.len() / 4 * 3;
            if let Err(e) = check_logo(&logo.mime, bytes, logo.width) {
                problems.push((ProfileField::Logo, e));
            }
        }
        let tags = validation::parse_tags(&self.expertise);
        if tags.len() > EXPERTISE_MAX {
            let e = FieldError::TooManyTags { max: EXPERTISE_MAX, actual: tags.len() };
            problems.push((ProfileField::Expertise, ProfileError::Field(e)));
        } else if let Some(tag) = tags.iter().find(|t| t.chars().count() > EXPERTISE_TAG_MAX) {
            let e = FieldError::TagTooLong { tag: tag.clone(), max: EXPERTISE_TAG_MAX };
            problems.push((ProfileField::Expertise, ProfileError::Field(e)));
        }
        for (i, location) in self.locations.iter().enumerate() {
            if let Err(e) = validation::country(&location.country) {
                problems.push((ProfileField::LocationCountry(i), ProfileError::Field(e)));
            } else {
                let same = self.locations[..=i].iter().filter(|l| l.country == location.country).count();
                if same > LOCATIONS_PER_COUNTRY {
                    let total = self.locations.iter().filter(|l| l.country == location.country).count();
                    problems.push((
                        ProfileField::LocationCountry(i),
                        ProfileError::TooManyLocations(location.country.clone(), total),
                    ));
                }
            }
            if let Err(e) = validation::length(&location.city, 1, 100) {
                problems.push((ProfileField::LocationCity(i), ProfileError::Field(e)));
            }
        }
        problems
    }

    /// The profile for `region`, or every problem.
    pub fn to_profile(
        &self,
        region: Region,
        now: Timestamp,
    ) -> Result<BusinessProfile, Vec<(ProfileField, ProfileError)>> {
        let problems = self.problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(BusinessProfile {
            id: region.profile_id(),
            region,
            description: self.description.trim().to_string(),
            logo: self.logo.clone(),
            expertise: validation::parse_tags(&self.expertise),
            locations: self
                .locations
                .iter()
                .map(|l| Location {
                    country: l.country.trim().to_string(),
                    city: l.city.trim().to_string(),
                    address: l.address.trim().to_string(),
                })
                .collect(),
            customer_size: self.customer_size,
            updated_at: now,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_700_000_000_000);

    fn at(country: &str, city: &str) -> Location {
        Location { country: country.into(), city: city.into(), address: String::new() }
    }

    #[test]
    fn the_description_may_have_2500_characters_not_more() {
        let ok = ProfileForm { description: "ä".repeat(2_500), ..Default::default() };
        assert_eq!(ok.description_len(), 2_500);
        assert!(ok.problems().is_empty());
        let long = ProfileForm { description: "ä".repeat(2_501), ..Default::default() };
        assert_eq!(
            long.problems(),
            vec![(ProfileField::Description, ProfileError::Field(FieldError::TooLong { max: 2_500, actual: 2_501 }))]
        );
    }

    #[test]
    fn a_logo_is_a_gif_jpg_or_png_at_most_300_px_wide() {
        assert_eq!(check_logo("image/png", 10_000, 300), Ok(()));
        assert_eq!(check_logo("image/gif", 10_000, 120), Ok(()));
        assert_eq!(check_logo("image/jpeg", 10_000, 1), Ok(()));
        assert_eq!(check_logo("image/png", 10_000, 301), Err(ProfileError::LogoTooWide(301)));
        assert_eq!(check_logo("image/svg+xml", 100, 50), Err(ProfileError::LogoType("image/svg+xml".into())));
        assert_eq!(check_logo("", 100, 50), Err(ProfileError::LogoType("of an unknown type".into())));
        assert_eq!(check_logo("image/png", LOGO_MAX_BYTES + 1, 50), Err(ProfileError::LogoTooLarge(257)));
    }

    #[test]
    fn five_locations_per_country_and_the_sixth_is_named() {
        let mut locations: Vec<Location> = (0..5).map(|i| at("DE", &format!("Stadt {i}"))).collect();
        locations.push(at("AT", "Wien"));
        let five = ProfileForm { locations: locations.clone(), ..Default::default() };
        assert!(five.problems().is_empty(), "{:?}", five.problems());
        locations.push(at("DE", "Köln"));
        let six = ProfileForm { locations, ..Default::default() };
        assert_eq!(
            six.problems(),
            vec![(ProfileField::LocationCountry(6), ProfileError::TooManyLocations("DE".into(), 6))]
        );
    }

    #[test]
    fn locations_need_a_known_country_and_a_city() {
        let form = ProfileForm { locations: vec![at("XX", "Berlin"), at("DE", " ")], ..Default::default() };
        assert_eq!(
            form.problems(),
            vec![
                (ProfileField::LocationCountry(0), ProfileError::Field(FieldError::UnknownCountry)),
                (ProfileField::LocationCity(1), ProfileError::Field(FieldError::Required)),
            ]
        );
    }

    #[test]
    fn expertise_tags_are_limited() {
        let many = (0..21).map(|i| format!("Tag {i}")).collect::<Vec<_>>().join(", ");
        let form = ProfileForm { expertise: many, ..Default::default() };
        assert_eq!(
            form.problems(),
            vec![(ProfileField::Expertise, ProfileError::Field(FieldError::TooManyTags { max: 20, actual: 21 }))]
        );
        let form = ProfileForm { expertise: "x".repeat(51), ..Default::default() };
        assert!(matches!(form.problems()[0].1, ProfileError::Field(FieldError::TagTooLong { max: 50, .. })));
    }

    #[test]
    fn a_valid_form_becomes_the_regions_profile() {
        let form = ProfileForm {
            description: "  Cloud partner for the Mittelstand.  ".into(),
            expertise: "Azure, Microsoft 365, azure".into(),
            locations: vec![at("DE", " Berlin ")],
            customer_size: CustomerSize::Medium,
            logo: None,
        };
        let p = form.to_profile(Region::Europe, NOW).unwrap();
        assert_eq!(p.id, Region::Europe.profile_id());
        assert_eq!(p.description, "Cloud partner for the Mittelstand.");
        assert_eq!(p.expertise, vec!["Azure", "Microsoft 365"]);
        assert_eq!(p.locations, vec![at("DE", "Berlin")]);
        assert_eq!(ProfileForm::from_profile(&p).expertise, "Azure, Microsoft 365");
    }

    #[test]
    fn each_region_has_its_own_stable_record() {
        let ids: std::collections::BTreeSet<Uuid> = Region::ALL.iter().map(|r| r.profile_id()).collect();
        assert_eq!(ids.len(), Region::ALL.len());
        assert_eq!(Region::Europe.profile_id(), Region::Europe.profile_id());
        for r in Region::ALL {
            assert_eq!(Region::from_key(r.key()), Some(r));
        }
    }
}
