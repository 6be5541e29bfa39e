//! The `LinkedIn-Version` a client asks for, and when it runs out.
//!
//! LinkedIn's versioned API (`https://api.linkedin.com/rest/…`) needs a `LinkedIn-Version:
//! YYYYMM` header on every call; there is no default on LinkedIn's side. Versions come out
//! monthly and "are supported and stable for a minimum of one year before sunset"
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/versioning>); a call with a retired
//! version is answered `426 NONEXISTENT_VERSION`, the failure integrators hit most, every year,
//! with versions hard-coded where callers cannot change them.
//!
//! So the version is a setting ([`LinkedInVersion`], checked offline), the crate pins a default
//! ([`DEFAULT_VERSION`]) and records when it was last checked ([`DEFAULT_VERSION_CHECKED_ON`]),
//! and [`estimated_sunset`] / [`sunset_warning`] say, as pure functions of a date, when a
//! version is about to run out. Nothing here reads the clock: callers pass `today`.
//!
//! ```
//! use chrono::NaiveDate;
//! use social_linkedin::version::{LinkedInVersion, estimated_sunset, sunset_warning};
//!
//! let v: LinkedInVersion = "202603".parse()?;
//! assert_eq!(estimated_sunset(&v), NaiveDate::from_ymd_opt(2027, 3, 15).unwrap());
//! let today = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap();
//! let warning = sunset_warning(&v, today).expect("42 days before the estimated sunset");
//! assert_eq!(warning.days_left, 42);
//! # Ok::<(), social_core::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use social_core::{Error, Network};

/// The version a client uses unless told otherwise: the newest one confirmed on LinkedIn's own
/// documentation, 202603 (March 2026).
///
/// Confirmed on the versioning page, whose "Latest Version" table reads "March 2026 | 202603"
/// (<https://learn.microsoft.com/it-it/linkedin/marketing/versioning>), and on the migrations
/// page, which lists 202603 as active with its sunset on March 16, 2027
/// (<https://learn.microsoft.com/it-it/linkedin/marketing/integrations/migrations>). Later
/// version numbers appear only in third-party sources and as documentation views
/// (`?view=li-lms-2026-08`), not on a page that states them; set a newer one with
/// [`LinkedInVersion::new`] once LinkedIn lists it.
///
/// ```
/// use social_linkedin::version::{DEFAULT_VERSION, LinkedInVersion};
///
/// assert_eq!(LinkedInVersion::default().to_string(), DEFAULT_VERSION);
/// ```
pub const DEFAULT_VERSION: &str = "202603";

/// The day [`DEFAULT_VERSION`] was last checked against LinkedIn's documentation (ISO 8601).
///
/// ```
/// use social_linkedin::version::DEFAULT_VERSION_CHECKED_ON;
///
/// assert!(chrono::NaiveDate::parse_from_str(DEFAULT_VERSION_CHECKED_ON, "%Y-%m-%d").is_ok());
/// ```
pub const DEFAULT_VERSION_CHECKED_ON: &str = "2026-12-05";

/// The first versioned release (June 2022); no version before it exists.
///
/// ```
/// assert!(social_linkedin::version::FIRST_VERSION.parse::<social_linkedin::version::LinkedInVersion>().is_ok());
/// ```
pub const FIRST_VERSION: &str = "202206";

/// How many days before a version's estimated sunset [`sunset_warning`] starts warning.
pub const SUNSET_WARNING_DAYS: i64 = 60;

/// A `LinkedIn-Version`: `YYYYMM` (a monthly release) or `YYYYMM.RR` (a patch release of that
/// month, such as `202508.02` in LinkedIn's Talent version table,
/// <https://learn.microsoft.com/en-us/linkedin/talent/versioning>).
///
/// Checked offline: six digits forming a month from [`FIRST_VERSION`] on, optionally `.` and a
/// two-digit patch number from 01. Whether LinkedIn has released (or already retired) it can
/// only be known by calling; any such month is accepted, so a new release never needs a new
/// crate. Versions order by release.
///
/// ```
/// use social_linkedin::version::LinkedInVersion;
///
/// let v: LinkedInVersion = "202508.02".parse()?;
/// assert_eq!((v.year(), v.month(), v.patch()), (2025, 8, Some(2)));
/// assert_eq!(v.to_string(), "202508.02");
/// assert!(v > "202508".parse()?);
/// assert!("2025-08".parse::<LinkedInVersion>().is_err());
/// # Ok::<(), social_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkedInVersion {
    year: u16,
    month: u8,
    patch: Option<u8>,
}

/// [`DEFAULT_VERSION`], parsed at compile time: a bad constant fails the build, not a call.
const DEFAULT: LinkedInVersion = match parse(DEFAULT_VERSION.as_bytes()) {
    Ok(version) => version,
    Err(_) => panic!("DEFAULT_VERSION is not a LinkedIn-Version"),
};

/// Why a text is not a version (the messages are written by [`LinkedInVersion::new`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Shape,
    DayIncluded,
    Month,
    BeforeFirst,
    Patch,
}

const fn digit(b: u8) -> Option<u16> {
    if b.is_ascii_digit() {
        Some((b - b'0') as u16)
    } else {
        None
    }
}

/// `YYYYMM` or `YYYYMM.RR`, as a `const fn` so that [`DEFAULT`] is checked by the compiler.
const fn parse(s: &[u8]) -> Result<LinkedInVersion, Problem> {
    let mut digits = [0u16; 8];
    let mut i = 0;
    while i < s.len() && i < 8 {
        match digit(s[i]) {
            Some(d) => digits[i] = d,
            None => break,
        }
        i += 1;
    }
    // `i` is the number of leading digits.
    if i == 8 && s.len() == 8 {
        return Err(Problem::DayIncluded);
    }
    if i != 6 || !(s.len() == 6 || s.len() == 9) {
        return Err(Problem::Shape);
    }
    let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
    let month = digits[4] * 10 + digits[5];
    if month < 1 || month > 12 {
        return Err(Problem::Month);
    }
    if year < 2022 || (year == 2022 && month < 6) {
        return Err(Problem::BeforeFirst);
    }
    let patch = if s.len() == 9 {
        let (Some(tens), Some(units)) = (digit(s[7]), digit(s[8])) else {
            return Err(Problem::Shape);
        };
        if s[6] != b'.' {
            return Err(Problem::Shape);
        }
        let patch = tens * 10 + units;
        if patch == 0 {
            return Err(Problem::Patch);
        }
        Some(patch as u8)
    } else {
        None
    };
    Ok(LinkedInVersion {
        year,
        month: month as u8,
        patch,
    })
}

impl LinkedInVersion {
    /// Checks and parses a version (see the type's rules); the error is a
    /// [`social_core::Error::Config`] that says how to write it.
    ///
    /// ```
    /// use social_linkedin::version::LinkedInVersion;
    ///
    /// assert!(LinkedInVersion::new("202603").is_ok());
    /// let err = LinkedInVersion::new("20260301").unwrap_err();
    /// assert!(err.to_string().contains("\"202603\""));
    /// ```
    pub fn new(version: &str) -> Result<Self, Error> {
        parse(version.as_bytes()).map_err(|problem| {
            let shown: String = version.chars().take(32).collect();
            let why = match problem {
                Problem::Shape => format!(
                    "write it as YYYYMM (\"{DEFAULT_VERSION}\"), or YYYYMM.RR for a patch release"
                ),
                Problem::DayIncluded => format!(
                    "the header takes YYYYMM (\"{}\"): LinkedIn's error messages show versions \
                     with a day, but the header has none",
                    version.get(..6).unwrap_or(DEFAULT_VERSION)
                ),
                Problem::Month => "its month is not between 01 and 12".to_string(),
                Problem::BeforeFirst => {
                    format!("it is older than the first versioned release, {FIRST_VERSION}")
                }
                Problem::Patch => "patch releases are numbered from 01".to_string(),
            };
            Error::config(
                Network::LinkedIn,
                format!("{shown:?} is not a LinkedIn-Version: {why}"),
            )
        })
    }

    /// The year of the release.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month of the release (1–12).
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The patch release number (`Some(2)` for `202508.02`), `None` for a monthly release.
    pub fn patch(&self) -> Option<u8> {
        self.patch
    }

    /// The first day of the release month.
    ///
    /// ```
    /// use social_linkedin::version::LinkedInVersion;
    ///
    /// let v = LinkedInVersion::new("202603")?;
    /// assert_eq!(v.released_in().to_string(), "2026-03-01");
    /// # Ok::<(), social_core::Error>(())
    /// ```
    pub fn released_in(&self) -> NaiveDate {
        date(i32::from(self.year), u32::from(self.month), 1)
    }
}

impl Default for LinkedInVersion {
    fn default() -> Self {
        DEFAULT
    }
}

impl fmt::Display for LinkedInVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}", self.year, self.month)?;
        if let Some(patch) = self.patch {
            write!(f, ".{patch:02}")?;
        }
        Ok(())
    }
}

impl FromStr for LinkedInVersion {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        LinkedInVersion::new(s)
    }
}

impl Serialize for LinkedInVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LinkedInVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        LinkedInVersion::new(&text).map_err(serde::de::Error::custom)
    }
}

/// A valid date, or the latest one chrono knows (the inputs here are always valid: a year of
/// at most four digits, a month checked by [`parse`], a day of 1 or 15).
fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MAX)
}

/// When LinkedIn will probably retire `version`: the 15th of its release month, one year later.
///
/// LinkedIn's rule is "a minimum of one year" (the versioning page), and it publishes each
/// date in advance: the March 2024 release notes announce 202304, 202305 and 202306 for April
/// 15, May 15 and June 15, 2024
/// (<https://learn.microsoft.com/en-us/linkedin/marketing/integrations/recent-changes>), and the
/// migrations table (<https://learn.microsoft.com/en-us/linkedin/marketing/integrations/migrations>)
/// gives dates from the 15th to the 22nd of that month (202407: July 22, 2025; 202603: March 16,
/// 2027). The 15th is the earliest of them, so the estimate is never later than the real date.
/// A patch release retires with its month (as in the Talent version table). For the exact date,
/// read the migrations page.
///
/// ```
/// use social_linkedin::version::{LinkedInVersion, estimated_sunset};
///
/// let v = LinkedInVersion::new("202511")?;
/// assert_eq!(estimated_sunset(&v).to_string(), "2026-11-15"); // published: November 16, 2026
/// # Ok::<(), social_core::Error>(())
/// ```
pub fn estimated_sunset(version: &LinkedInVersion) -> NaiveDate {
    let release = version.released_in();
    date(release.year() + 1, release.month(), 15)
}

/// A warning that a version is within [`SUNSET_WARNING_DAYS`] of its [`estimated_sunset`], or
/// past it, on `today`; `None` while it has more time left.
///
/// ```
/// use chrono::NaiveDate;
/// use social_linkedin::version::{LinkedInVersion, sunset_warning};
///
/// let v = LinkedInVersion::new("202603")?;
/// let day = |m, d| NaiveDate::from_ymd_opt(2027, m, d).unwrap();
/// assert!(sunset_warning(&v, day(1, 13)).is_none()); // 61 days left
/// assert_eq!(sunset_warning(&v, day(1, 14)).unwrap().days_left, 60);
/// assert_eq!(sunset_warning(&v, day(4, 1)).unwrap().days_left, -17);
/// # Ok::<(), social_core::Error>(())
/// ```
pub fn sunset_warning(version: &LinkedInVersion, today: NaiveDate) -> Option<SunsetWarning> {
    let sunset = estimated_sunset(version);
    let days_left = (sunset - today).num_days();
    (days_left <= SUNSET_WARNING_DAYS).then_some(SunsetWarning {
        version: *version,
        estimated_sunset: sunset,
        days_left,
    })
}

/// A version close to (or past) its estimated sunset; its `Display` is the message to log.
///
/// ```
/// use chrono::NaiveDate;
/// use social_linkedin::version::{LinkedInVersion, sunset_warning};
///
/// let v = LinkedInVersion::new("202603")?;
/// let w = sunset_warning(&v, NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()).unwrap();
/// assert!(w.to_string().starts_with("LinkedIn: LinkedIn-Version 202603 reaches its estimated sunset on 2027-03-15 (in 14 days)"));
/// # Ok::<(), social_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SunsetWarning {
    /// The version concerned.
    pub version: LinkedInVersion,
    /// Its [`estimated_sunset`].
    pub estimated_sunset: NaiveDate,
    /// Days from `today` to the estimated sunset: negative once it has passed.
    pub days_left: i64,
}

impl fmt::Display for SunsetWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (version, sunset) = (self.version, self.estimated_sunset);
        match self.days_left {
            0 => write!(
                f,
                "LinkedIn: LinkedIn-Version {version} reaches its estimated sunset today ({sunset})"
            )?,
            days if days > 0 => write!(
                f,
                "LinkedIn: LinkedIn-Version {version} reaches its estimated sunset on {sunset} \
                 (in {})",
                count_days(days)
            )?,
            days => write!(
                f,
                "LinkedIn: LinkedIn-Version {version} passed its estimated sunset on {sunset} \
                 ({} ago) and may already be retired",
                count_days(-days)
            )?,
        }
        f.write_str(
            "; LinkedIn then answers every call with 426 NONEXISTENT_VERSION. Set a newer \
             LinkedInVersion on the client (the versions and their sunset dates: \
             https://learn.microsoft.com/en-us/linkedin/marketing/integrations/migrations).",
        )
    }
}

fn count_days(days: i64) -> String {
    if days == 1 {
        "1 day".to_string()
    } else {
        format!("{days} days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn v(s: &str) -> LinkedInVersion {
        s.parse().unwrap()
    }

    #[test]
    fn case1_version_accepts_monthly_and_patch_releases() {
        for (text, parts) in [
            ("202206", (2022, 6, None)),
            ("202603", (2026, 3, None)),
            ("202512", (2025, 12, None)),
            ("202508.02", (2025, 8, Some(2))),
            ("203001.99", (2030, 1, Some(99))),
            ("999912", (9999, 12, None)),
        ] {
            let version = v(text);
            assert_eq!((version.year(), version.month(), version.patch()), parts);
            assert_eq!(version.to_string(), text);
        }
        assert_eq!(LinkedInVersion::default(), v(DEFAULT_VERSION));
        assert_eq!(
            serde_json::to_string(&v("202508.02")).unwrap(),
            "\"202508.02\""
        );
        assert_eq!(
            serde_json::from_str::<LinkedInVersion>("\"202603\"").unwrap(),
            v("202603")
        );
        assert!(serde_json::from_str::<LinkedInVersion>("\"2026-03\"").is_err());
        assert!(v("202508") < v("202508.01"));
        assert!(v("202508.02") < v("202509"));
        assert!(v("202512") < v("202601"));
    }

    #[test]
    fn case1_version_refuses_anything_else_with_a_config_error() {
        let cases = [
            ("", "YYYYMM"),
            ("2026", "YYYYMM"),
            ("2026-03", "YYYYMM"),
            ("v202603", "YYYYMM"),
            ("202603 ", "YYYYMM"),
            (" 202603", "YYYYMM"),
            ("2026031", "YYYYMM"),
            ("202603.", "YYYYMM"),
            ("202603.1", "YYYYMM"),
            ("202603.001", "YYYYMM"),
            ("202603-01", "YYYYMM"),
            ("202603.0a", "YYYYMM"),
            ("２０２６０３", "YYYYMM"),
            ("20260301", "\"202603\""),
            ("20241101", "\"202411\""),
            ("202600", "month"),
            ("202613", "month"),
            ("202205", "202206"),
            ("199901", "202206"),
            ("202603.00", "01"),
        ];
        for (text, hint) in cases {
            let err = LinkedInVersion::new(text).unwrap_err();
            assert!(matches!(err, Error::Config { .. }), "{text:?}");
            let message = err.to_string();
            assert!(message.contains("LinkedIn"), "{message}");
            assert!(message.contains(hint), "{text:?}: {message}");
        }
    }

    /// The estimate is never after a sunset date LinkedIn published, and at most a week
    /// before it. The published dates: the migrations page
    /// (https://learn.microsoft.com/en-us/linkedin/marketing/integrations/migrations and its
    /// it-it rendering), the March 2024 release notes
    /// (https://learn.microsoft.com/en-us/linkedin/marketing/integrations/recent-changes) and the
    /// deprecation notice of https://learn.microsoft.com/en-us/linkedin/marketing/community-management/community-management-overview?view=li-lms-2026-08.
    #[test]
    fn case1_estimated_sunsets_match_published_ones() {
        let published = [
            ("202304", day(2024, 4, 15)),
            ("202305", day(2024, 5, 15)),
            ("202306", day(2024, 6, 15)),
            ("202407", day(2025, 7, 22)),
            ("202408", day(2025, 8, 18)),
            ("202409", day(2025, 9, 15)),
            ("202410", day(2025, 10, 15)),
            ("202411", day(2025, 11, 17)),
            ("202508", day(2026, 8, 17)),
            ("202510", day(2026, 10, 15)),
            ("202511", day(2026, 11, 16)),
            ("202601", day(2027, 1, 15)),
            ("202602", day(2027, 2, 15)),
            ("202603", day(2027, 3, 16)),
        ];
        for (version, sunset) in published {
            let estimate = estimated_sunset(&v(version));
            assert!(estimate <= sunset, "{version}: {estimate} after {sunset}");
            assert!((sunset - estimate).num_days() <= 7, "{version}: {estimate}");
        }
        assert_eq!(
            estimated_sunset(&v("202508.02")),
            estimated_sunset(&v("202508"))
        );
        assert_eq!(estimated_sunset(&v("202512")), day(2026, 12, 15));
        assert_eq!(estimated_sunset(&v("999912")), day(10000, 12, 15));
    }

    /// At fixed dates around the default's estimated sunset (2027-03-15).
    #[test]
    fn case1_sunset_warning_within_sixty_days_and_after() {
        let default = LinkedInVersion::default();
        // The day the default was checked: 100 days left, no warning.
        let checked = NaiveDate::parse_from_str(DEFAULT_VERSION_CHECKED_ON, "%Y-%m-%d").unwrap();
        assert_eq!(checked, day(2026, 12, 5));
        assert_eq!(sunset_warning(&default, checked), None);
        assert_eq!(sunset_warning(&default, day(2027, 1, 13)), None);

        let cases = [
            (day(2027, 1, 14), 60, "(in 60 days)"),
            (day(2027, 3, 14), 1, "(in 1 day)"),
            (day(2027, 3, 15), 0, "sunset today (2027-03-15)"),
            (
                day(2027, 3, 16),
                -1,
                "(1 day ago) and may already be retired",
            ),
            (day(2028, 1, 1), -292, "(292 days ago)"),
        ];
        for (today, days_left, text) in cases {
            let warning = sunset_warning(&default, today).expect("a warning");
            assert_eq!(warning.version, default);
            assert_eq!(warning.estimated_sunset, day(2027, 3, 15));
            assert_eq!(warning.days_left, days_left, "{today}");
            let message = warning.to_string();
            assert!(message.contains(text), "{message}");
            assert!(message.contains("426 NONEXISTENT_VERSION"), "{message}");
            assert!(message.contains("LinkedInVersion"), "{message}");
        }
        // A version released in December rolls over the year; a leap day changes nothing.
        let december = v("202512");
        assert_eq!(
            sunset_warning(&december, day(2026, 10, 16))
                .unwrap()
                .days_left,
            60
        );
        assert_eq!(sunset_warning(&december, day(2026, 10, 15)), None);
        let leap = v("202703");
        assert_eq!(
            sunset_warning(&leap, day(2028, 1, 15)).unwrap().days_left,
            60
        );
    }
}
