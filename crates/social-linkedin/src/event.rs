//! "Met at an event": what works, and what LinkedIn's public API does not allow.
//!
//! **Invitations cannot be sent.** LinkedIn's public API has no endpoint that sends a
//! connection invitation (or a message) on a member's behalf: it is not among the
//! self-serve products ("Getting Access to LinkedIn APIs",
//! <https://learn.microsoft.com/en-us/linkedin/shared/authentication/getting-access>), and the
//! tools that do it drive the unofficial website API, against LinkedIn's User Agreement and at
//! the risk of the account's restriction. This crate does not do it.
//!
//! What does work, and what this module gives:
//!
//! - the member's **public profile URL**, `https://www.linkedin.com/in/{vanity}/`, from the
//!   vanity name the member gives (no self-serve API returns it: OpenID Connect's `userinfo`
//!   has no profile URL), checked offline ([`ProfileUrl`]);
//! - a **QR code** of it as SVG, to show on a phone or a badge at the event
//!   (`ProfileUrl::qr_svg`, behind the `qr` cargo feature, with the `qrcode` crate);
//! - a **follow-up post** that thanks the event's organizer with a real mention: the
//!   organization is looked up by its vanity name and mentioned by its localized name, as
//!   LinkedIn's little-text rules ask ([`FollowUpPostBuilder`]). The lookup
//!   (`organizations?q=vanityName`) needs a Community Management scope
//!   (`r_organization_admin`, `rw_organization_admin` or an organization social scope); the
//!   post itself needs `w_member_social`.
//!
//! ```no_run
//! use social_linkedin::event::ProfileUrl;
//!
//! # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
//! let me = ProfileUrl::from_vanity_name("camille-martin-avocate")?;
//! println!("{me}");
//! let me_urn = li.userinfo().send().await?.person_urn()?;
//! let post = li
//!     .event_follow_up(me_urn, "acme-events")
//!     .text("Thank you {organizer} for a great evening on legal tech!")
//!     .hashtag("LegalTech")
//!     .send()
//!     .await?;
//! println!("{post}");
//! # Ok(()) }
//! ```

use std::fmt;

use social_core::{Error, Network, Result, Violation, ViolationKind};

use crate::client::LinkedInClient;
use crate::models::{Author, Organization};
use crate::organizations::check_vanity;
use crate::text::{Commentary, CommentaryBuilder};
use crate::urn::PostUrn;

/// Where a member's public profile lives.
pub const PROFILE_BASE: &str = "https://www.linkedin.com/in/";

/// The place of the organizer's mention in a follow-up text.
pub const ORGANIZER_PLACEHOLDER: &str = "{organizer}";

/// A member's public profile URL, made from the vanity name they give (the part after
/// `linkedin.com/in/`: 3 to 100 letters, digits, `-` or `_`). A full profile URL is accepted
/// too.
///
/// ```
/// use social_linkedin::event::ProfileUrl;
///
/// let url = ProfileUrl::from_vanity_name("camille-martin-avocate")?;
/// assert_eq!(url.as_str(), "https://www.linkedin.com/in/camille-martin-avocate/");
/// let same = ProfileUrl::from_vanity_name("https://www.linkedin.com/in/camille-martin-avocate")?;
/// assert_eq!(same, url);
/// assert!(ProfileUrl::from_vanity_name("camille martin").is_err());
/// assert!(ProfileUrl::from_vanity_name("ab").is_err());
/// # Ok::<(), social_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProfileUrl {
    vanity: String,
    url: String,
}

impl ProfileUrl {
    /// The profile URL of `vanity_name` (or of a `linkedin.com/in/…` URL), checked offline.
    pub fn from_vanity_name(vanity_name: &str) -> Result<Self> {
        let trimmed = vanity_name.trim();
        let vanity = [
            "https://www.linkedin.com/in/",
            "https://linkedin.com/in/",
            "www.linkedin.com/in/",
            "linkedin.com/in/",
        ]
        .iter()
        .find_map(|p| trimmed.strip_prefix(p))
        .map(|rest| rest.trim_end_matches('/'))
        .unwrap_or(trimmed);
        let violations: Vec<Violation> = check_vanity("vanity_name", vanity, 3, "a member")
            .into_iter()
            .collect();
        Error::check_violations(Network::LinkedIn, violations)?;
        Ok(ProfileUrl {
            vanity: vanity.to_owned(),
            url: format!("{PROFILE_BASE}{vanity}/"),
        })
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The vanity name.
    pub fn vanity_name(&self) -> &str {
        &self.vanity
    }

    /// A QR code of the URL as a standalone SVG document (black on white, medium error
    /// correction, at least 240 pixels wide, quiet zone included).
    ///
    /// ```
    /// use social_linkedin::event::ProfileUrl;
    ///
    /// let svg = ProfileUrl::from_vanity_name("camille-martin-avocate")?.qr_svg()?;
    /// assert!(svg.starts_with("<?xml"));
    /// assert!(svg.contains("<svg"));
    /// # Ok::<(), social_core::Error>(())
    /// ```
    #[cfg(feature = "qr")]
    pub fn qr_svg(&self) -> Result<String> {
        use qrcode::render::svg;
        use qrcode::{EcLevel, QrCode};
        let code =
            QrCode::with_error_correction_level(self.url.as_bytes(), EcLevel::M).map_err(|e| {
                Error::InvalidInput {
                    network: Some(Network::LinkedIn),
                    violations: vec![Violation::new(
                        "vanity_name",
                        ViolationKind::TooLong {
                            limit: 100,
                            actual: self.vanity.chars().count() as u64,
                        },
                        format!("no QR code holds this URL: {e}"),
                    )],
                }
            })?;
        Ok(code
            .render::<svg::Color<'_>>()
            .min_dimensions(240, 240)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build())
    }
}

impl fmt::Display for ProfileUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

impl LinkedInClient {
    /// A follow-up post after an event, by `author`, mentioning the organizer found by its
    /// vanity name (`linkedin.com/company/{organizer_vanity_name}`).
    ///
    /// ```no_run
    /// use social_linkedin::urn::PersonUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let me = PersonUrn::new("-f_Ut43FoQ")?;
    /// let post = li
    ///     .event_follow_up(me, "acme-events")
    ///     .text("Great to meet so many of you at the {organizer} breakfast.")
    ///     .send()
    ///     .await?;
    /// # let _ = post; Ok(()) }
    /// ```
    pub fn event_follow_up(
        &self,
        author: impl Into<Author>,
        organizer_vanity_name: &str,
    ) -> FollowUpPostBuilder {
        FollowUpPostBuilder {
            client: self.clone(),
            author: author.into(),
            organizer: organizer_vanity_name.to_owned(),
            text: String::new(),
            hashtags: Vec::new(),
        }
    }
}

/// A follow-up post being built. Get one from [`LinkedInClient::event_follow_up`].
///
/// The text is plain text (escaped for LinkedIn); each `{organizer}` in it becomes the
/// mention of the organizer, and a text without one gets the mention at its end. Hashtags
/// follow the text.
///
/// ```no_run
/// use social_linkedin::urn::PersonUrn;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let (organizer, commentary) = li
///     .event_follow_up(PersonUrn::new("-f_Ut43FoQ")?, "acme-events")
///     .text("Thanks {organizer} (and everyone who came)!")
///     .hashtag("networking")
///     .prepare()
///     .await?;
/// println!("would post as a mention of {:?}: {}", organizer.localized_name, commentary.as_str());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct FollowUpPostBuilder {
    client: LinkedInClient,
    author: Author,
    organizer: String,
    text: String,
    hashtags: Vec<String>,
}

impl FollowUpPostBuilder {
    /// The text, with `{organizer}` where the mention goes.
    pub fn text(mut self, text: &str) -> Self {
        self.text = text.to_owned();
        self
    }

    /// A hashtag after the text.
    pub fn hashtag(mut self, tag: &str) -> Self {
        self.hashtags.push(tag.to_owned());
        self
    }

    /// Looks the organizer up and builds the commentary, without posting: the organizer and
    /// the little text the post would carry. An organizer no page answers is
    /// `Error::NotFound`; one without a localized name cannot be mentioned properly
    /// (`Error::InvalidInput`).
    pub async fn prepare(&self) -> Result<(Organization, Commentary)> {
        let org = self
            .client
            .organizations()
            .by_vanity_name(&self.organizer)
            .send()
            .await?
            .ok_or_else(|| Error::NotFound {
                network: Network::LinkedIn,
                message: format!(
                    "no LinkedIn page has the vanity name {:?} (linkedin.com/company/{}/): check the organizer's page address",
                    self.organizer, self.organizer
                ),
                api: None,
            })?;
        let commentary = self.commentary_for(&org)?;
        Ok((org, commentary))
    }

    /// The commentary for `org`: the text around each `{organizer}`, the mention, hashtags.
    fn commentary_for(&self, org: &Organization) -> Result<Commentary> {
        let name = org
            .localized_name
            .as_deref()
            .filter(|n| !n.trim().is_empty());
        let (Some(name), Some(urn)) = (name, org.urn()) else {
            return Err(Error::InvalidInput {
                network: Some(Network::LinkedIn),
                violations: vec![Violation::new(
                    "organizer",
                    ViolationKind::Malformed,
                    format!(
                        "the page {:?} has no localized name or numeric id to mention it by",
                        self.organizer
                    ),
                )],
            });
        };
        let mut b: CommentaryBuilder = Commentary::builder();
        let parts: Vec<&str> = self.text.split(ORGANIZER_PLACEHOLDER).collect();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                b = b.mention(name, &urn);
            }
            b = b.text(part);
        }
        if parts.len() == 1 {
            if !self.text.is_empty() && !self.text.ends_with(' ') {
                b = b.text(" ");
            }
            b = b.mention(name, &urn);
        }
        for tag in &self.hashtags {
            b = b.text(" ").hashtag(tag);
        }
        let commentary = b.build();
        commentary.validate()?;
        Ok(commentary)
    }

    /// Looks the organizer up, then publishes the post (never retried blindly: an unknown
    /// outcome is `Error::Unconfirmed`).
    pub async fn send(self) -> Result<PostUrn> {
        let (_, commentary) = self.prepare().await?;
        self.client
            .posts()
            .create(self.author)
            .commentary(commentary)
            .send()
            .await
    }
}
