//! Says whether the crate's default `LinkedIn-Version` is close to its estimated sunset today:
//! `.ci/run` runs it, and it prints a warning (never fails) when the default is within 60 days
//! of it, or past it, so the pinned default is updated before LinkedIn retires it.
//!
//! ```sh
//! cargo run -p social-linkedin --example default_version_check
//! ```

use social_linkedin::version::{
    DEFAULT_VERSION_CHECKED_ON, LinkedInVersion, estimated_sunset, sunset_warning,
};

fn main() {
    let version = LinkedInVersion::default();
    let today = chrono::Utc::now().date_naive();
    match sunset_warning(&version, today) {
        Some(warning) => {
            println!("warning: {warning}");
            println!(
                "warning: the default was last checked against LinkedIn's documentation on {DEFAULT_VERSION_CHECKED_ON}; check https://learn.microsoft.com/en-us/linkedin/marketing/versioning and update DEFAULT_VERSION in crates/social-linkedin/src/version.rs"
            );
        }
        None => println!(
            "LinkedIn-Version {version} (the default, checked on {DEFAULT_VERSION_CHECKED_ON}): estimated sunset {}, more than 60 days away",
            estimated_sunset(&version)
        ),
    }
}
